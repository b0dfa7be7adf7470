/** Styles are minified by the build and inlined as a string (adopted as a constructed sheet). */
declare module '*.css' {
  const css: string;
  export default css;
}

#!/usr/bin/env node
// Builds the respondent bundles into widget/dist with esbuild (no framework, one file each):
//   widget.js  the website widget (budget 6 kB gzipped, checked by bench/respondent-size.bench.ts)
//   widget.css its styles, fetched by widget.js and adopted as a constructed sheet
//   page.js, page.css  the hosted survey page /s/<slug> (budget 30 kB gzipped with the HTML)
//   chat.js    the website chat, its styles inlined; widget.js fetches it only for workspaces with a chat
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('../widget/', import.meta.url));
const src = (f) => readFileSync(`${root}src/${f}`, 'utf8');
const minCss = async (text) => (await transform(text, { loader: 'css', minify: true, target: ['chrome100', 'firefox100', 'safari15'] })).code.trim();
mkdirSync(`${root}dist`, { recursive: true });

const widgetCss = await minCss(src('question.css') + src('widget.css'));
const pageCss = await minCss(src('question.css') + src('page.css'));
writeFileSync(`${root}dist/widget.css`, widgetCss);
writeFileSync(`${root}dist/page.css`, pageCss);

const common = { bundle: true, minify: true, format: 'iife', target: ['es2020'], legalComments: 'none', charset: 'utf8', write: true };
await build({
  ...common,
  entryPoints: [`${root}src/widget.ts`],
  outfile: `${root}dist/widget.js`,
});
await build({ ...common, entryPoints: [`${root}src/page.ts`], outfile: `${root}dist/page.js` });
await build({ ...common, entryPoints: [`${root}src/chat.ts`], outfile: `${root}dist/chat.js`, define: { CHAT_CSS: JSON.stringify(await minCss(src('chat.css'))) } });
console.log('widget/dist: widget.js, widget.css, page.js, page.css, chat.js');

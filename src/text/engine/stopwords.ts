import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// stopwords-iso (MIT): stop-words for every language we analyse. Norwegian ships as "no".
const all = require('stopwords-iso/stopwords-iso.json') as Record<string, string[]>;
const cache = new Map<string, Set<string>>();

/** Stop-words of a language (empty for one the package lacks). */
export function stopwordsOf(language: string): string[] {
  return all[language === 'nb' ? 'no' : language] ?? [];
}

/** Whether a word carries no topic of its own, for key phrases and themes. */
export function isStopword(word: string, language: string): boolean {
  let set = cache.get(language);
  if (!set) cache.set(language, (set = new Set(stopwordsOf(language))));
  return set.has(word);
}

import { detectLanguage } from './engine/languages.js';
import { isStopword } from './engine/stopwords.js';
import { foldAccents, tokenize } from './engine/tokenize.js';

const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * English function words. stopwords-iso's English list merges several lists and drops words that carry a
 * support case ("order", "problem", "working", "buy", "open"), so comparing English texts leaves out only
 * these; the other languages' lists hold function words.
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves i'm i've i'd i'll you're you've it's don't doesn't didn't can't cannot
  won't isn't aren't wasn't weren't hi hello hey dear please thanks thank regards`.split(/\s+/),
);

/**
 * The content words of a text, for comparing texts with one another (similar messages, reply
 * suggestions): tokenised as the text engine does for the text's language (Chinese and Japanese
 * segmented into words, Turkish casing), without function words, emoji, numbers-only tokens or one-letter
 * words, accents folded so "resume" meets "résumé". English plurals are folded to the singular
 * ("refunds" → "refund") because they are the commonest mismatch between two customers' wording.
 * `language` is the known language; without it the text's own is detected.
 */
export function termsOf(text: string, language?: string | null): string[] {
  const lang = detectLanguage(text, language);
  const out: string[] = [];
  for (const t of tokenize(text, lang)) {
    if (t.isEmoji) continue;
    const w = t.text;
    if (/^\p{N}+$/u.test(w) || (w.length < 2 && !CJK.test(w)) || (lang === 'en' ? ENGLISH_FUNCTION_WORDS.has(w) : isStopword(w, lang))) continue;
    const folded = foldAccents(w);
    out.push(lang === 'en' && folded.length > 3 && folded.endsWith('s') && !folded.endsWith('ss') ? folded.slice(0, -1) : folded);
  }
  return out;
}

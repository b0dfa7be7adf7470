import { EMOJI_VALENCE, lexiconFor, type LanguageLexicon } from './lexicon.js';
import { foldAccents, normalize, tokenize } from './tokenize.js';

export type Sentiment = 'positive' | 'neutral' | 'negative';

export interface SentimentResult {
  sentiment: Sentiment;
  /** −1 … +1 */
  score: number;
  /** how many sentiment-bearing words/emoji were found (0 → the lexicon had nothing to say) */
  hits: number;
}

/** One unit the scorer walks over: a word, phrase or emoji already looked up. */
interface Unit {
  text: string;
  clause: number;
  valence: number;
  /** Turkish: the negative suffix was found inside the word ("beğen-me-dim") */
  isSuffixNegated?: boolean;
  /** Turkish: a verb in the negative ("kalmadım", "olmadı"), which also negates the word before it */
  isNegativeVerb?: boolean;
}

const NEGATION_FACTOR = -0.8;
// A negation with no sentiment word in reach ("não recebi o produto", "没有收到") leans negative in feedback.
const BARE_NEGATION = -0.7;
const SCOPE = 3;
// After "就是", "只是" (only …) a complaint is the one flaw of a text that praised before it.
const RESERVATION_WEIGHT = 0.5;
// Customers state complaints more mildly than praise ("a bit slow, tasty though" is a complaint), so a
// negative word outweighs a positive one of the same strength.
const NEGATIVE_WEIGHT = 1.3;
const TR_NEGATIVE_SUFFIX = /^(m[ae](?![kcç])|m[ıiuü]yor|m[ae]z|m[ae]d)/;
const TR_NEGATIVE_VERB = /^\p{L}{2,}(m[ıiuü]yo|m[ae]d[ıi]|m[ae]y[ae]n|m[ae]z(?=$|d|l|s))/u;
const ASCII = /^[\x20-\x7e]*$/;
const CJK_CLAUSE_END = new Set([...'.!?;,，。！？；、:：\n…~～'].map((c) => c.charCodeAt(0)));
const STEM_LANGS = new Set(['tr', 'pt', 'fr', 'es', 'de', 'da', 'nb', 'sv', 'nl']);

function lookupWord(lex: LanguageLexicon, w: string): { valence: number; isSuffixNegated?: boolean; isNegativeVerb?: boolean } {
  const direct = lex.words.get(w) ?? lex.folded.get(ASCII.test(w) ? w : foldAccents(w));
  if (direct !== undefined) return { valence: direct };
  if (!STEM_LANGS.has(lex.language) || w.length < 5) return { valence: 0 };
  const stem = stemLookup(lex, w);
  if (stem) return stem;
  // A Turkish verb in the negative ("çalışmıyor", "gelmedi") is a complaint even when the verb is neutral.
  if (lex.language === 'tr' && TR_NEGATIVE_VERB.test(w)) return { valence: -1.2, isNegativeVerb: true };
  return { valence: 0 };
}

function stemLookup(lex: LanguageLexicon, w: string): { valence: number; isSuffixNegated?: boolean } | null {
  // Inflected forms: the longest known prefix (≥ 4 letters) carries the valence ("güzeldi", "recomendamos").
  for (let k = w.length - 1; k >= 4; k--) {
    const v = lex.words.get(w.slice(0, k));
    if (v === undefined) continue;
    const rest = w.slice(k);
    return { valence: v, isSuffixNegated: lex.language === 'tr' && TR_NEGATIVE_SUFFIX.test(rest) };
  }
  return null;
}

/** Words and phrases of a spaced language, longest phrase first. */
function unitsOfWords(text: string, lex: LanguageLexicon): Unit[] {
  const tokens = tokenize(text, lex.language);
  const units: Unit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.isEmoji) {
      units.push({ text: t.text, clause: t.clause, valence: EMOJI_VALENCE.get(t.text.replace(/\uFE0F/g, '')) ?? 0 });
      continue;
    }
    let matched = false;
    const canStartPhrase = lex.phraseStarts.has(t.text);
    for (let n = canStartPhrase ? Math.min(lex.maxPhrase, tokens.length - i) : 0; n >= 2 && !matched; n--) {
      const span = tokens.slice(i, i + n);
      if (span.some((s) => s.clause !== t.clause)) continue;
      const key = span.map((s) => s.text).join(' ');
      const v = lex.words.get(key) ?? (lex.intensifiers.has(key) || lex.contrasts.has(key) ? 0 : undefined);
      if (v !== undefined) {
        units.push({ text: key, clause: t.clause, valence: v });
        i += n - 1;
        matched = true;
      }
    }
    if (!matched) units.push({ text: t.text, clause: t.clause, ...lookupWord(lex, t.text) });
  }
  return units;
}

/**
 * Chinese/Japanese: longest dictionary match over the characters. ICU's word segmenter splits review
 * words badly for sentiment ("难吃" → "难" "吃了"), a direct scan does not.
 */
function unitsOfCjk(text: string, lex: LanguageLexicon): Unit[] {
  const units: Unit[] = [];
  // Han and Kana are single UTF-16 units; an emoji's surrogate pair simply matches no key.
  const chars = normalize(text, lex.language);
  let clause = 0;
  for (let i = 0; i < chars.length; ) {
    const code = chars.charCodeAt(i);
    if (CJK_CLAUSE_END.has(code)) {
      clause++;
      i++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const emoji = EMOJI_VALENCE.get(chars.slice(i, i + 2));
      if (emoji !== undefined) units.push({ text: chars.slice(i, i + 2), clause, valence: emoji });
      i += 2;
      continue;
    }
    // Longest key starting here, walking the trie (no substrings are made while looking).
    let found: string | null = null;
    let node = lex.cjkTrie.next.get(code);
    for (let j = i + 1; node; j++) {
      if (node.key !== null) found = node.key;
      if (j >= chars.length) break;
      node = node.next.get(chars.charCodeAt(j));
    }
    if (found !== null) {
      units.push({ text: found, clause, valence: lex.words.get(found) ?? 0 });
      i += found.length;
    } else i++;
  }
  return units;
}

// Turkish puts the negation after what it negates, often past a noun: "iyi bir ürün değil" (not a good
// product), "memnun kalmadım" (was not satisfied). It reaches back over this many neutral words.
const POST_SCOPE = 3;

/** Whether a post-negator (or a Turkish negative verb) follows unit i in its clause, past neutral words only. */
function isPostNegated(units: Unit[], i: number, lex: LanguageLexicon): boolean {
  if (lex.postNegators.size === 0) return false;
  for (let j = i + 1; j <= i + POST_SCOPE && j < units.length; j++) {
    const u = units[j];
    if (u.clause !== units[i].clause) return false;
    if (lex.postNegators.has(u.text)) return true;
    // A negative verb after a complaint is a second complaint ("beğenmedim, çalışmıyor"), not a double negation.
    if (u.isNegativeVerb === true) return units[i].valence > 0;
    if (u.valence !== 0 || lex.negators.has(u.text) || lex.contrasts.has(u.text)) return false;
  }
  return false;
}

/** Folds units into one raw score: negation, intensifiers, "but" and Turkish post-negation. */
function sumUnits(units: Unit[], lex: LanguageLexicon): { sum: number; hits: number } {
  let sum = 0;
  let hits = 0;
  let negatedUntil = -1;
  let negClause = -1;
  let negUsed = true;
  let boost = 1;
  let boostUntil = -1;
  let flawWeight = 1;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (negatedUntil >= 0 && (i > negatedUntil || u.clause !== negClause)) {
      if (!negUsed) sum += BARE_NEGATION;
      negatedUntil = -1;
    }
    if (lex.negators.has(u.text)) {
      negatedUntil = i + SCOPE;
      negClause = u.clause;
      negUsed = false;
      continue;
    }
    const intens = lex.intensifiers.get(u.text);
    const next = units[i + 1];
    const modifiesNext = next !== undefined && next.clause === u.clause && (next.valence !== 0 || lex.negators.has(next.text));
    if (intens !== undefined && (u.valence === 0 || modifiesNext)) {
      boost = intens;
      boostUntil = i + 2;
      continue;
    }
    if (lex.contrasts.has(u.text)) {
      sum *= 0.5;
      continue;
    }
    if (lex.reservations.has(u.text)) {
      flawWeight = RESERVATION_WEIGHT;
      continue;
    }
    if (u.valence === 0) continue;
    let v = u.valence;
    if (i <= boostUntil) v *= boost;
    const isNegated =
      (negatedUntil >= i && u.clause === negClause) ||
      u.isSuffixNegated === true ||
      isPostNegated(units, i, lex);
    if (isNegated) {
      v *= NEGATION_FACTOR;
      negUsed = true;
    }
    // After "but" the clause counts more: the sum so far was already halved.
    sum += v < 0 ? v * NEGATIVE_WEIGHT * flawWeight : v;
    hits++;
  }
  if (negatedUntil >= 0 && !negUsed) sum += BARE_NEGATION;
  return { sum, hits };
}

/** Sentiment of one text in a known language, from the shipped lexicons and rules. */
export function lexiconSentiment(text: string, language: string): SentimentResult {
  const lex = lexiconFor(language);
  const units = lex.maxKeyChars > 1 ? unitsOfCjk(text, lex) : unitsOfWords(text, lex);
  const { sum, hits } = sumUnits(units, lex);
  // VADER's normalisation: bounded, and one strong word is already clearly polar.
  const score = sum / Math.sqrt(sum * sum + 15);
  const sentiment: Sentiment = score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
  return { sentiment, score: Math.round(score * 1000) / 1000, hits };
}

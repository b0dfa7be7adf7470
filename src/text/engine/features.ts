import { lexiconFor } from './lexicon.js';
import { lexiconSentiment } from './sentiment.js';
import { foldAccents, normalize, tokenize } from './tokenize.js';

/** Hashed feature space: 2^18 slots keeps collisions rare for a workspace's vocabulary and models small. */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** A sparse feature vector: slot → value (repeated slots add up). */
export interface Features {
  index: Uint32Array;
  value: Float32Array;
}

/** FNV-1a: fast, stable across processes and versions, so stored weights keep their meaning. */
export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

const CJK_PUNCT = /[\s.!?;,，。！？；、:：…~～"“”'‘’()（）【】\-—]+/;

/** Character 1–3-grams: Chinese needs no segmentation to learn "不好吃" as a unit. */
function cjkTerms(text: string, language: string, out: string[]) {
  for (const part of normalize(text, language).split(CJK_PUNCT)) {
    const c = [...part];
    for (let i = 0; i < c.length; i++) {
      out.push(`u:${c[i]}`);
      if (i + 1 < c.length) out.push(`b:${c[i]}${c[i + 1]}`);
      if (i + 2 < c.length) out.push(`t:${c[i]}${c[i + 1]}${c[i + 2]}`);
    }
  }
}

/** Words (accent-folded, negation-marked), word pairs and 4-letter pieces for inflected languages. */
function wordTerms(text: string, language: string, out: string[]) {
  const lex = lexiconFor(language);
  const tokens = tokenize(text, language);
  let negUntil = -1;
  let negClause = -1;
  let prev = '^';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = foldAccents(t.text);
    if (lex.negators.has(t.text)) {
      negUntil = i + 3;
      negClause = t.clause;
    }
    const isNegated = i <= negUntil && t.clause === negClause && !lex.negators.has(t.text);
    out.push(isNegated ? `n:${w}` : `w:${w}`);
    if (lex.postNegators.has(t.text)) out.push(`pn:${prev}`);
    out.push(`b:${prev}_${w}`);
    prev = w;
    if (!t.isEmoji && w.length > 5) {
      const padded = `<${w}>`;
      for (let j = 0; j + 4 <= padded.length; j++) out.push(`c:${padded.slice(j, j + 4)}`);
    }
  }
}

/**
 * The feature vector of one text: n-grams plus the shipped lexicon's verdict, so a model trained on a few
 * hundred texts starts from what the lexicon knows and learns the workspace's own words on top.
 */
export function featuresOf(text: string, language: string): Features {
  const terms: string[] = [];
  if (language === 'zh' || language === 'ja') cjkTerms(text, language, terms);
  else wordTerms(text, language, terms);
  const lexicon = lexiconSentiment(text, language);
  const n = terms.length;
  const index = new Uint32Array(n + 3);
  const value = new Float32Array(n + 3);
  // Long texts would dominate otherwise; 1/sqrt(n) keeps feature magnitudes comparable.
  const w = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < n; i++) {
    index[i] = hashFeature(terms[i]);
    value[i] = w;
  }
  index[n] = hashFeature('lex:score');
  value[n] = lexicon.score * 2;
  index[n + 1] = hashFeature(lexicon.hits === 0 ? 'lex:none' : lexicon.sentiment === 'positive' ? 'lex:pos' : lexicon.sentiment === 'negative' ? 'lex:neg' : 'lex:neu');
  value[n + 1] = 1;
  index[n + 2] = hashFeature('bias');
  value[n + 2] = 1;
  return { index, value };
}

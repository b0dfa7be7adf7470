import type { Language } from './languages.js';

/** A token with the index of the clause it belongs to (clauses end at punctuation). */
export interface Token {
  text: string;
  clause: number;
  isEmoji: boolean;
}

const WORD = /\p{Extended_Pictographic}|[:;][-']?[()DPpd](?![\p{L}])|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|[.!?;,，。！？；、:：\n…]+/gu;
const PUNCT = /^[.!?;,，。！？；、:：\n…]+$/;
const EMOJI = /^(\p{Extended_Pictographic}|[:;][-']?[()DPpd])$/u;
const ELISION = /^(l|d|j|n|qu|c|s|m|t|jusqu|lorsqu|puisqu)['’](.+)$/;
const segmenters = new Map<string, Intl.Segmenter>();

/** Lower-cases as the language does (Turkish İ/I), and unifies apostrophes and Unicode forms. */
export function normalize(text: string, language: string): string {
  const lower = language === 'tr' ? text.toLocaleLowerCase('tr') : text.toLowerCase();
  return lower.normalize('NFC').replace(/’/g, "'");
}

/** Chinese and Japanese words via the ICU dictionary segmenter built into Node (no extra data shipped). */
export function segmentCjk(text: string, language: 'zh' | 'ja'): string[] {
  let seg = segmenters.get(language);
  if (!seg) segmenters.set(language, (seg = new Intl.Segmenter(language, { granularity: 'word' })));
  const words: string[] = [];
  for (const s of seg.segment(text)) if (s.isWordLike) words.push(s.segment);
  return words;
}

/**
 * Words, emoji and emoticons of a text, each tagged with its clause. French elisions are split
 * ("d'attente" → "d'", "attente") so lexicon words are found behind them.
 */
export function tokenize(text: string, language: Language | string): Token[] {
  const out: Token[] = [];
  let clause = 0;
  const isCjk = language === 'zh' || language === 'ja';
  for (const m of normalize(text, language).matchAll(WORD)) {
    const t = m[0];
    if (PUNCT.test(t)) {
      if (out.length && out[out.length - 1].clause === clause) clause++;
      continue;
    }
    if (EMOJI.test(t)) {
      out.push({ text: t, clause, isEmoji: true });
      continue;
    }
    if (isCjk && /[\u3040-\u30ff\u4e00-\u9fff]/.test(t)) {
      for (const w of segmentCjk(t, language)) out.push({ text: w, clause, isEmoji: false });
      continue;
    }
    const el = language === 'fr' ? ELISION.exec(t) : null;
    if (el) {
      out.push({ text: `${el[1]}'`, clause, isEmoji: false });
      out.push({ text: el[2], clause, isEmoji: false });
    } else out.push({ text: t, clause, isEmoji: false });
  }
  return out;
}

/** Removes accents: a fallback key for texts typed without them ("otimo", "nao", "tres"). */
export const foldAccents = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');

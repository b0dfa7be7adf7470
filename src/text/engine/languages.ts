import { eld } from 'eld/medium';

/** Languages the engine has lexicons, negation and theme rules for. */
export const SUPPORTED_LANGUAGES = ['en', 'da', 'nb', 'sv', 'de', 'fr', 'es', 'pt', 'nl', 'tr', 'zh', 'ja'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const isSupportedLanguage = (l: string): l is Language => (SUPPORTED_LANGUAGES as readonly string[]).includes(l);

// Restricting the detector to the languages we analyse makes short texts far more reliable (measured:
// "ikke god" is Danish, not Norwegian, once the candidates are few).
eld.setLanguageSubset(['en', 'da', 'no', 'sv', 'de', 'fr', 'es', 'pt', 'nl', 'tr', 'zh', 'ja', 'it', 'pl', 'fi']);

const KANA = /[\u3040-\u30ff]/;
const HAN = /[\u4e00-\u9fff]/;
const TURKISH_ONLY = /[ıİğĞşŞ]/;
const PORTUGUESE_ONLY = /[ãõÃÕ]/;

/**
 * The language of one text: a known language (the respondent's, or the caller's) wins; otherwise the script
 * decides for Chinese/Japanese and ELD (n-gram detector, Apache-2.0) for the rest. Texts too short to tell
 * fall back to `fallback` (the workspace's language).
 */
export function detectLanguage(text: string, known?: string | null, fallback: Language = 'en'): string {
  if (known) {
    const k = known.toLowerCase().split(/[-_]/)[0];
    return k === 'no' || k === 'nn' ? 'nb' : k;
  }
  if (KANA.test(text)) return 'ja';
  if (HAN.test(text)) return 'zh';
  // Letters only one of our languages uses decide at once (ELD is the slowest step of an analysis):
  // dotless ı, ğ, ş → Turkish; ã, õ → Portuguese.
  if (TURKISH_ONLY.test(text)) return 'tr';
  if (PORTUGUESE_ONLY.test(text)) return 'pt';
  // The first ~160 characters decide as well as the whole text and keep long reviews cheap.
  const result = eld.detect(text.length > 160 ? text.slice(0, 160) : text);
  const lang = result.language;
  if (!lang || !result.isReliable()) return lang === 'no' ? 'nb' : lang || fallback;
  return lang === 'no' ? 'nb' : lang;
}

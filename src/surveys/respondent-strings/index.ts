import { RESPONDENT_LANGUAGES, type RespondentLanguage, type RespondentStrings } from './types.js';
import { en, de, nl } from './germanic.js';
import { da, sv, nb } from './nordic.js';
import { fr, es, pt } from './romance.js';
import { tr, zh } from './turkish-chinese.js';
import { ar, he } from './semitic.js';

export * from './types.js';

export const RESPONDENT_STRINGS: Record<RespondentLanguage, RespondentStrings> = { en, da, de, fr, es, pt, nl, sv, nb, tr, zh, ar, he };

const isRespondentLanguage = (l: string): l is RespondentLanguage => (RESPONDENT_LANGUAGES as readonly string[]).includes(l);

/**
 * The built-in strings for a language tag: exact, then the base language ("pt-BR" → pt, "no"/"nn"
 * → nb, "zh-Hant" → zh), else English.
 */
export function respondentStrings(lang: string | undefined): RespondentStrings {
  const tag = (lang ?? 'en').toLowerCase();
  const base = tag.split('-')[0];
  const alias: Record<string, RespondentLanguage> = { no: 'nb', nn: 'nb', iw: 'he' };
  const pick = isRespondentLanguage(tag) ? tag : isRespondentLanguage(base) ? base : (alias[base] ?? 'en');
  return RESPONDENT_STRINGS[pick];
}

/** Text direction of a language tag. */
export const textDirection = (lang: string): 'ltr' | 'rtl' => (['ar', 'he', 'fa', 'ur', 'yi', 'iw'].includes(lang.toLowerCase().split('-')[0]) ? 'rtl' : 'ltr');

/** One built-in string with its {placeholders} filled; unknown placeholders stay as they are. */
export function respondentText(lang: string | undefined, key: keyof RespondentStrings, values: Record<string, string | number> = {}): string {
  return respondentStrings(lang)[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

import { describe, expect, it } from 'vitest';
import { RESPONDENT_LANGUAGES, RESPONDENT_STRINGS, respondentStrings, respondentText, textDirection } from './respondent-strings/index.js';

describe('respondent strings', () => {
  it('has every key, non-empty, with the same placeholders, in every language', () => {
    const en = RESPONDENT_STRINGS.en;
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of RESPONDENT_LANGUAGES) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        const text = RESPONDENT_STRINGS[lang][key];
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
        expect(holes(text), `${lang}.${key}`).toEqual(holes(en[key]));
      }
    }
  });

  it('falls back by base language, alias, then English, and knows the direction', () => {
    expect(respondentStrings('pt-BR').next).toBe('Seguinte');
    expect(respondentStrings('no').next).toBe('Neste');
    expect(respondentStrings('xx').next).toBe('Next');
    expect(respondentText('da', 'progress', { current: 2, total: 5 })).toBe('2 af 5');
    expect(respondentText('en', 'npsLow')).toBe('Not at all likely');
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('he-IL')).toBe('rtl');
    expect(textDirection('da')).toBe('ltr');
  });
});

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

export const LANGUAGES = ['en', 'da', 'tr', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

// English ships in the main bundle as the fallback; the others load when someone picks them.
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  da: () => import('./da.json'),
  tr: () => import('./tr.json'),
  zh: () => import('./zh.json'),
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  initAsync: false,
});

/** The supported catalog for a language tag ('zh-CN' → 'zh', 'da-DK' → 'da'), if any. */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  const base = tag?.toLowerCase().split('-')[0];
  return LANGUAGES.find((l) => l === base);
}

/** The browser's preferred supported language, for people who are not signed in yet. */
export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = supportedLanguage(tag);
    if (lang) return lang;
  }
  return 'en';
}

/** Switches the UI language, loading its catalog first. */
export async function setLanguage(lang: Language): Promise<void> {
  if (lang !== 'en' && !i18n.hasResourceBundle(lang, 'translation')) {
    const catalog = await loaders[lang]();
    i18n.addResourceBundle(lang, 'translation', catalog.default);
  }
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** A language's own name ("dansk", "中文"), so people can find theirs in any UI language. */
export function languageAutonym(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

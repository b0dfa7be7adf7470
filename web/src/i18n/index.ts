import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import core from './en.json';

export const LANGUAGES = ['en', 'da', 'tr', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = { [key: string]: string | Catalog };

/** Merges feature catalogs into the core one; a feature owns its own top-level keys. */
function merge(target: Catalog, source: Catalog): Catalog {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'object' && typeof existing === 'object') merge(existing, value);
    else target[key] = value;
  }
  return target;
}

// A domain's messages live beside the core catalog in web/src/i18n/<feature>/<lang>.json, so features
// built side by side do not all edit one file. English ships in the main bundle as the fallback.
const englishFeatures = import.meta.glob<Catalog>('./*/en.json', { eager: true, import: 'default' });
const en = Object.values(englishFeatures).reduce((all, part) => merge(all, part), structuredClone(core) as Catalog);

// The other languages load when someone picks them.
const coreLoaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalog }>> = {
  da: () => import('./da.json'),
  tr: () => import('./tr.json'),
  zh: () => import('./zh.json'),
};
const featureLoaders = import.meta.glob<Catalog>('./*/*.json', { import: 'default' });

async function loadCatalog(lang: Exclude<Language, 'en'>): Promise<Catalog> {
  const parts = Object.entries(featureLoaders).filter(([path]) => path.endsWith(`/${lang}.json`));
  const [coreCatalog, ...features] = await Promise.all([coreLoaders[lang](), ...parts.map(([, load]) => load())]);
  return features.reduce((all, part) => merge(all, part), structuredClone(coreCatalog.default));
}

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
    i18n.addResourceBundle(lang, 'translation', await loadCatalog(lang));
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

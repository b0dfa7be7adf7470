import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../web/src/i18n/', import.meta.url);
const REFERENCE = 'en';
const LANGUAGES = ['da', 'tr', 'zh'];

type Catalog = { [key: string]: string | Catalog };

const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Catalog;

/** The folders of feature catalogs (web/src/i18n/<feature>/<lang>.json), merged like index.ts does. */
const FEATURES = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** A language's core catalog with every feature catalog merged in; a key defined twice is an error. */
function load(lang: string): Catalog {
  const all = read(new URL(`${lang}.json`, DIR));
  for (const feature of FEATURES) {
    const part = read(new URL(`${feature}/${lang}.json`, DIR));
    for (const key of flatten(part).keys()) {
      if (flatten(all).has(key)) throw new Error(`${feature}/${lang}.json redefines ${key}`);
    }
    mergeInto(all, part);
  }
  return all;
}

function mergeInto(target: Catalog, source: Catalog): void {
  for (const [k, v] of Object.entries(source)) {
    const t = target[k];
    if (typeof v === 'object' && typeof t === 'object') mergeInto(t, v);
    else target[k] = v;
  }
}

/** Flattens nested catalogs to dotted keys, the way i18next looks them up. */
function flatten(catalog: Catalog, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    } else out.set(key, v);
  }
  return out;
}

/** The {{placeholders}} of a message; a translation must keep the same ones. */
const placeholders = (message: string) => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const en = flatten(load(REFERENCE));

  it('cover every language the dashboard offers', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', '')).sort();
    expect(files).toEqual([REFERENCE, ...LANGUAGES].sort());
    for (const feature of FEATURES) {
      const parts = readdirSync(new URL(`${feature}/`, DIR)).filter((f) => f.endsWith('.json')).sort();
      expect(parts, `web/src/i18n/${feature}/`).toEqual([REFERENCE, ...LANGUAGES].map((l) => `${l}.json`).sort());
    }
    expect(en.size).toBeGreaterThan(100);
  });

  it.each([REFERENCE, ...LANGUAGES])('%s has only non-empty string messages', (lang) => {
    for (const [key, value] of flatten(load(lang))) {
      expect(typeof value, `${lang}: ${key}`).toBe('string');
      expect(String(value).trim(), `${lang}: ${key} is empty`).not.toBe('');
    }
  });

  it('has every message key the dashboard code names', () => {
    const src = new URL('../web/src/', import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const named = new Set<string>();
    for (const file of files) {
      const code = readFileSync(new URL(file, src), 'utf8');
      // t('a.b') calls and registry labels (label: 'nav.x'); dynamic keys are checked below.
      for (const m of code.matchAll(/\bt\('([\w.]+)'|\blabel: '([\w.]+)'/g)) named.add(m[1] ?? m[2]);
    }
    for (const role of ['owner', 'admin', 'analyst', 'agent', 'viewer']) named.add(`roles.${role}`);
    for (const state of ['created', 'retry', 'active', 'completed', 'failed', 'cancelled']) named.add(`jobs.states.${state}`);
    expect(named.size).toBeGreaterThan(100);
    expect([...named].filter((k) => !en.has(k))).toEqual([]);
  });

  it.each(LANGUAGES)('%s has exactly the keys of en, with the same placeholders', (lang) => {
    const other = flatten(load(lang));
    const missing = [...en.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !en.has(k));
    expect(missing, `keys missing in ${lang}.json`).toEqual([]);
    expect(extra, `keys in ${lang}.json that en.json lacks`).toEqual([]);
    for (const [key, message] of en) {
      expect(placeholders(String(other.get(key))), `${lang}: ${key}`).toEqual(placeholders(String(message)));
    }
  });
});

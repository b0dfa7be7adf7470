import { LRUCache } from 'lru-cache';
import type { Db } from '../platform/db/client.js';
import { compileThemes, DEFAULT_THEMES, type CompiledThemes, type ThemeRule } from './engine/themes.js';
import { categoriesVersion, findCategories } from './categories.queries.js';
import type { TCategory } from './categories.schemas.js';

const compiledCache = new LRUCache<string, { version: string; themes: CompiledThemes }>({ max: 200 });

/** The ready-made categories (their rules hold every language at once: "any"). */
export const readyMade = (): TCategory[] => DEFAULT_THEMES.map((t) => ({ key: t.key, label: t.label, rules: { any: t.keywords }, isReadyMade: true, updatedAt: null }));

const toRule = (c: { key: string; label: string; rules: Record<string, string[]> }): ThemeRule => ({ key: c.key, label: c.label, keywords: [...new Set(Object.values(c.rules).flat())] });

/**
 * The workspace's categories compiled for the engine (undefined: the ready-made ones), recompiled only
 * when they changed. Every language's rules apply to every text: customers mix languages ("app" in Danish).
 */
export async function workspaceThemes(db: Db, workspaceId: string): Promise<CompiledThemes | undefined> {
  const version = await categoriesVersion(db, workspaceId);
  if (version.startsWith('0:')) return undefined;
  const hit = compiledCache.get(workspaceId);
  if (hit?.version === version) return hit.themes;
  const themes = compileThemes((await findCategories(db, workspaceId)).map(toRule));
  compiledCache.set(workspaceId, { version, themes });
  return themes;
}

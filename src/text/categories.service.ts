import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { DEFAULT_THEMES } from './engine/themes.js';
import { readyMade } from './workspace-themes.js';
import { deleteCategoryRow, findCategories, findCategory, insertCategories, updateCategoryRow, type CategoryRow } from './categories.queries.js';
import type { TCategory } from './categories.schemas.js';
import { startRun } from './runs.service.js';

const READY_MADE = new Set(DEFAULT_THEMES.map((t) => t.key));
const ORDER = new Map(DEFAULT_THEMES.map((t, i) => [t.key, i]));
// Ready-made categories in their usual order, then the workspace's own in the order they were made.
const byOrder = (x: CategoryRow, y: CategoryRow) => (ORDER.get(x.key) ?? 99) - (ORDER.get(y.key) ?? 99) || x.createdAt.getTime() - y.createdAt.getTime() || x.key.localeCompare(y.key);
const present = (r: CategoryRow): TCategory => ({ key: r.key, label: r.label, rules: r.rules, isReadyMade: READY_MADE.has(r.key), updatedAt: r.updatedAt });

/** A workspace that never edited its categories uses the ready-made ones. */
export async function listCategories(db: Db, workspaceId: string): Promise<TCategory[]> {
  const rows = await findCategories(db, workspaceId);
  return rows.length ? rows.sort(byOrder).map(present) : readyMade();
}

/** The first edit copies the ready-made set into the workspace, so editing one keeps the others. */
async function seedReadyMade(tx: Db, workspaceId: string): Promise<void> {
  if ((await findCategories(tx, workspaceId)).length) return;
  await insertCategories(tx, readyMade().map((c) => ({ workspaceId, key: c.key, label: c.label, rules: c.rules })));
}

/**
 * Creates a category; stored texts are re-tagged by a run started after commit. A key already used
 * answers 409.
 */
export async function createCategory(ctx: AppContext, actor: Actor, input: { key: string; label: string; rules: Record<string, string[]> }) {
  const category = await ctx.db.transaction(async (tx) => {
    await seedReadyMade(tx, actor.workspaceId);
    if (await findCategory(tx, actor.workspaceId, input.key)) throw new AppError('conflict', `A category with the key "${input.key}" exists.`);
    await insertCategories(tx, [{ workspaceId: actor.workspaceId, ...input }]);
    await recordAudit(tx, actor, { action: 'text.category.create', targetType: 'text_category', targetId: input.key, details: { label: input.label } });
    const row = await findCategory(tx, actor.workspaceId, input.key);
    if (!row) throw notFound('Category');
    return present(row);
  });
  return { category, retagRunId: await startRun(ctx, actor.workspaceId, 'retag') };
}

/** Changes a category's label and/or rules, then re-tags stored texts (a run). */
export async function updateCategory(ctx: AppContext, actor: Actor, key: string, patch: { label?: string; rules?: Record<string, string[]> }) {
  const category = await ctx.db.transaction(async (tx) => {
    await seedReadyMade(tx, actor.workspaceId);
    const row = await updateCategoryRow(tx, actor.workspaceId, key, patch);
    if (!row) throw notFound('Category');
    await recordAudit(tx, actor, { action: 'text.category.update', targetType: 'text_category', targetId: key, details: { label: patch.label, languages: patch.rules ? Object.keys(patch.rules) : undefined } });
    return present(row);
  });
  return { category, retagRunId: await startRun(ctx, actor.workspaceId, 'retag') };
}

/** Removes a category (ready-made ones too); stored texts lose it in the re-tag run. */
export async function deleteCategory(ctx: AppContext, actor: Actor, key: string) {
  await ctx.db.transaction(async (tx) => {
    await seedReadyMade(tx, actor.workspaceId);
    if (!(await deleteCategoryRow(tx, actor.workspaceId, key))) throw notFound('Category');
    await recordAudit(tx, actor, { action: 'text.category.delete', targetType: 'text_category', targetId: key });
  });
  return { category: null, retagRunId: await startRun(ctx, actor.workspaceId, 'retag') };
}

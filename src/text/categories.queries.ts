import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { textCategories } from './insight.tables.js';

export type CategoryRow = typeof textCategories.$inferSelect;

export async function findCategories(db: Db, workspaceId: string): Promise<CategoryRow[]> {
  return db.select().from(textCategories).where(eq(textCategories.workspaceId, workspaceId)).orderBy(asc(textCategories.createdAt), asc(textCategories.key));
}

export async function findCategory(db: Db, workspaceId: string, key: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(textCategories).where(and(eq(textCategories.workspaceId, workspaceId), eq(textCategories.key, key)));
  return row;
}

/** Cheap fingerprint of a workspace's categories: the compiled rules are cached until it changes. */
export async function categoriesVersion(db: Db, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, at: sql<string | null>`max(${textCategories.updatedAt})::text` })
    .from(textCategories)
    .where(eq(textCategories.workspaceId, workspaceId));
  return `${row?.n ?? 0}:${row?.at ?? ''}`;
}

export async function insertCategories(db: Db, rows: (typeof textCategories.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(textCategories).values(rows).onConflictDoNothing();
}

export async function updateCategoryRow(db: Db, workspaceId: string, key: string, set: { label?: string; rules?: Record<string, string[]> }): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(textCategories)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(textCategories.workspaceId, workspaceId), eq(textCategories.key, key)))
    .returning();
  return row;
}

export async function deleteCategoryRow(db: Db, workspaceId: string, key: string): Promise<boolean> {
  const rows = await db.delete(textCategories).where(and(eq(textCategories.workspaceId, workspaceId), eq(textCategories.key, key))).returning({ key: textCategories.key });
  return rows.length > 0;
}

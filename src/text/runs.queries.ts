import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { textRuns } from './insight.tables.js';

export type RunRow = typeof textRuns.$inferSelect;

export async function insertRun(db: Db, row: typeof textRuns.$inferInsert): Promise<void> {
  await db.insert(textRuns).values(row);
}

export async function findRun(db: Db, workspaceId: string, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(textRuns).where(and(eq(textRuns.workspaceId, workspaceId), eq(textRuns.id, id)));
  return row;
}

export async function findRecentRuns(db: Db, workspaceId: string, limit: number): Promise<RunRow[]> {
  return db.select().from(textRuns).where(eq(textRuns.workspaceId, workspaceId)).orderBy(desc(textRuns.createdAt)).limit(limit);
}

export async function updateRun(db: Db, workspaceId: string, id: string, set: Partial<Pick<RunRow, 'status' | 'processed' | 'counts' | 'error'>> & { started?: boolean; finished?: boolean }) {
  const { started, finished, ...rest } = set;
  await db
    .update(textRuns)
    .set({ ...rest, ...(started ? { startedAt: sql`now()` } : {}), ...(finished ? { finishedAt: sql`now()` } : {}) })
    .where(and(eq(textRuns.workspaceId, workspaceId), eq(textRuns.id, id)));
}

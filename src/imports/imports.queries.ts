import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { importErrors, importFileChunks, importJobs, type ImportStatus } from './imports.tables.js';
import type { RowError } from './pipeline.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJob = typeof importJobs.$inferInsert;

/** The report keeps the first rejected rows; the count covers all of them. */
export const MAX_STORED_ERRORS = 10_000;

export async function insertImportJob(db: Db, job: NewImportJob): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(job).returning();
  return row;
}

export async function findImportJob(db: Db, workspaceId: string, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, id)));
  return row;
}

/** Newest first; `before` is the last id of the previous page (ids are time-ordered). */
export async function listImportJobs(db: Db, workspaceId: string, limit: number, before?: string): Promise<ImportJobRow[]> {
  return db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.workspaceId, workspaceId), before ? lt(importJobs.id, before) : undefined))
    .orderBy(desc(importJobs.id))
    .limit(limit);
}

export async function updateImportJob(db: Db, workspaceId: string, id: string, patch: Partial<NewImportJob>): Promise<void> {
  await db
    .update(importJobs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, id)));
}

/** Changes the status only from one of `from` (compare-and-set), so a cancel never un-finishes a job. */
export async function transitionImportJob(
  db: Db,
  workspaceId: string,
  id: string,
  from: ImportStatus[],
  patch: Partial<NewImportJob>,
): Promise<ImportJobRow | undefined> {
  const [row] = await db
    .update(importJobs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, id), inArray(importJobs.status, from)))
    .returning();
  return row;
}

export async function importStatus(db: Db, workspaceId: string, id: string): Promise<ImportStatus | undefined> {
  const [row] = await db
    .select({ status: importJobs.status })
    .from(importJobs)
    .where(and(eq(importJobs.workspaceId, workspaceId), eq(importJobs.id, id)));
  return row?.status;
}

export async function insertChunk(db: Db, workspaceId: string, importId: string, seq: number, data: Buffer): Promise<void> {
  await db.insert(importFileChunks).values({ workspaceId, importId, seq, data });
}

export async function readChunk(db: Db, workspaceId: string, importId: string, seq: number): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ data: importFileChunks.data })
    .from(importFileChunks)
    .where(and(eq(importFileChunks.workspaceId, workspaceId), eq(importFileChunks.importId, importId), eq(importFileChunks.seq, seq)));
  return row?.data;
}

export async function deleteChunks(db: Db, workspaceId: string, importId: string): Promise<void> {
  await db.delete(importFileChunks).where(and(eq(importFileChunks.workspaceId, workspaceId), eq(importFileChunks.importId, importId)));
}

/** Stores rejected rows up to the cap; a re-run batch after a crash does not store its rows twice. */
export async function insertRowErrors(db: Db, workspaceId: string, importId: string, errors: RowError[], alreadyStored: number): Promise<void> {
  const room = MAX_STORED_ERRORS - alreadyStored;
  if (room <= 0 || errors.length === 0) return;
  const rows = errors.slice(0, room).map((e) => ({
    workspaceId,
    importId,
    rowNumber: e.row,
    column: e.column,
    message: e.message.slice(0, 2000),
    values: e.values,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(importErrors).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  }
}

export async function listRowErrors(db: Db, workspaceId: string, importId: string, afterRow: number, limit: number) {
  return db
    .select()
    .from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId), gt(importErrors.rowNumber, afterRow)))
    .orderBy(asc(importErrors.rowNumber))
    .limit(limit);
}

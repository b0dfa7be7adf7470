import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { surveyResponseImportJobs, type ResponseImportStatus } from './response-import.tables.js';

export type ResponseImportJobRow = typeof surveyResponseImportJobs.$inferSelect;
type NewResponseImportJob = typeof surveyResponseImportJobs.$inferInsert;

export async function insertResponseImportJob(db: Db, job: NewResponseImportJob): Promise<ResponseImportJobRow> {
  const [row] = await db.insert(surveyResponseImportJobs).values(job).returning();
  return row;
}

export async function findResponseImportJob(db: Db, workspaceId: string, id: string, surveyId?: string): Promise<ResponseImportJobRow | undefined> {
  const [row] = await db
    .select()
    .from(surveyResponseImportJobs)
    .where(and(eq(surveyResponseImportJobs.workspaceId, workspaceId), eq(surveyResponseImportJobs.id, id), surveyId ? eq(surveyResponseImportJobs.surveyId, surveyId) : undefined));
  return row;
}

/** A survey's imports, newest first (ids are time-ordered). */
export async function listResponseImportJobs(db: Db, workspaceId: string, surveyId: string, limit: number, before?: string): Promise<ResponseImportJobRow[]> {
  return db
    .select()
    .from(surveyResponseImportJobs)
    .where(and(eq(surveyResponseImportJobs.workspaceId, workspaceId), eq(surveyResponseImportJobs.surveyId, surveyId), before ? lt(surveyResponseImportJobs.id, before) : undefined))
    .orderBy(desc(surveyResponseImportJobs.id))
    .limit(limit);
}

export async function updateResponseImportJob(db: Db, workspaceId: string, id: string, patch: Partial<NewResponseImportJob>): Promise<void> {
  await db
    .update(surveyResponseImportJobs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(surveyResponseImportJobs.workspaceId, workspaceId), eq(surveyResponseImportJobs.id, id)));
}

/** Changes the status only from one of `from` (compare-and-set), so a cancel never un-finishes a job. */
export async function transitionResponseImportJob(db: Db, workspaceId: string, id: string, from: ResponseImportStatus[], patch: Partial<NewResponseImportJob>) {
  const [row] = await db
    .update(surveyResponseImportJobs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(surveyResponseImportJobs.workspaceId, workspaceId), eq(surveyResponseImportJobs.id, id), inArray(surveyResponseImportJobs.status, from)))
    .returning();
  return row as ResponseImportJobRow | undefined;
}

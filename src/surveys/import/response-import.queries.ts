import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { surveyResponses } from '../surveys.tables.js';
import type { NewResponseRow } from '../surveys.queries.js';
import { surveyResponseImports } from './response-import.tables.js';

/**
 * Claims row keys for a survey; returns the keys this call claimed. A key claimed by an earlier run
 * (same file imported again) is not returned, so its row is not stored twice.
 */
export async function claimRowKeys(db: Db, workspaceId: string, surveyId: string, rows: { rowKey: string; responseId: string }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const claimed = await db
    .insert(surveyResponseImports)
    .values(rows.map((r) => ({ workspaceId, surveyId, rowKey: r.rowKey, responseId: r.responseId })))
    .onConflictDoNothing()
    .returning({ rowKey: surveyResponseImports.rowKey });
  return new Set(claimed.map((c) => c.rowKey));
}

/** One multi-row insert per batch: imports are large and a row-at-a-time insert is the bottleneck. */
export async function insertResponses(db: Db, rows: NewResponseRow[]): Promise<void> {
  if (rows.length) await db.insert(surveyResponses).values(rows);
}

export async function findResponsesByIds(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, workspaceId), inArray(surveyResponses.id, ids)));
}

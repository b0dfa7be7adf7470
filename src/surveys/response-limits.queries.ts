import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { surveyLimitCounts, surveyResponses } from './surveys.tables.js';
import type { Answers } from './answers.js';

/**
 * The survey's limit lock, held to the end of the caller's transaction. Every submit that could pass
 * a response limit of this survey (maxResponses, quotas) takes it, so the read-check-increment of the
 * counts below is serial per survey and concurrent submits never overshoot; other surveys never wait.
 */
export async function lockSurveyLimits(tx: Db, surveyId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kunde:survey-limits:${surveyId}`}::text, 0))`);
}

export async function readLimitCounts(db: Db, workspaceId: string, surveyId: string): Promise<Record<string, number> | undefined> {
  const [r] = await db
    .select({ counts: surveyLimitCounts.counts })
    .from(surveyLimitCounts)
    .where(and(eq(surveyLimitCounts.workspaceId, workspaceId), eq(surveyLimitCounts.surveyId, surveyId)));
  return r?.counts;
}

export async function writeLimitCounts(db: Db, workspaceId: string, surveyId: string, counts: Record<string, number>): Promise<void> {
  await db
    .insert(surveyLimitCounts)
    .values({ workspaceId, surveyId, counts })
    .onConflictDoUpdate({ target: [surveyLimitCounts.workspaceId, surveyLimitCounts.surveyId], set: { counts, updatedAt: sql`now()` } });
}

/** Forgets the counts (after an import added responses): the next limited submit recounts them. */
export async function forgetLimitCounts(db: Db, workspaceId: string, surveyId: string): Promise<void> {
  await db.delete(surveyLimitCounts).where(and(eq(surveyLimitCounts.workspaceId, workspaceId), eq(surveyLimitCounts.surveyId, surveyId)));
}

/** Answers and hidden fields of every finished response of a survey, to recount quotas from. */
export async function finishedAnswers(db: Db, workspaceId: string, surveyId: string): Promise<{ answers: Answers; hidden: Record<string, string> }[]> {
  return db
    .select({ answers: surveyResponses.answers, hidden: surveyResponses.hidden })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.status, 'finished')));
}

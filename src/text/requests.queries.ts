import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { textRequestTopics } from './insight.tables.js';
import { textAnalyses } from './text.tables.js';
import { analysisConditions, type AnalysisFilter } from './text.queries.js';

/** Feature-request texts of a workspace (newest first, capped), for grouping by topic. */
export async function findRequestTexts(db: Db, workspaceId: string, topic: string | undefined, limit: number, filter?: AnalysisFilter) {
  return db
    .select({ source: textAnalyses.source, sourceId: textAnalyses.sourceId, text: textAnalyses.text, topic: textAnalyses.requestTopic, customerId: textAnalyses.customerId, occurredAt: textAnalyses.occurredAt, language: textAnalyses.language })
    .from(textAnalyses)
    .where(and(...(filter ? analysisConditions(workspaceId, filter) : [eq(textAnalyses.workspaceId, workspaceId)]), eq(textAnalyses.isFeatureRequest, true), isNotNull(textAnalyses.requestTopic), topic ? eq(textAnalyses.requestTopic, topic) : undefined))
    .orderBy(sql`${textAnalyses.occurredAt} desc`)
    .limit(limit);
}

export type RequestTopicRow = typeof textRequestTopics.$inferSelect;

export async function findTopicStates(db: Db, workspaceId: string): Promise<Map<string, RequestTopicRow>> {
  const rows = await db.select().from(textRequestTopics).where(eq(textRequestTopics.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.topic, r]));
}

export async function upsertTopicStatus(db: Db, workspaceId: string, topic: string, status: RequestTopicRow['status']): Promise<void> {
  await db
    .insert(textRequestTopics)
    .values({ workspaceId, topic, status })
    .onConflictDoUpdate({ target: [textRequestTopics.workspaceId, textRequestTopics.topic], set: { status, updatedAt: sql`now()` } });
}

export async function markNotified(db: Db, workspaceId: string, topic: string, count: number): Promise<void> {
  await db
    .insert(textRequestTopics)
    .values({ workspaceId, topic, notifiedAt: sql`now()`, notifiedCount: count })
    .onConflictDoUpdate({ target: [textRequestTopics.workspaceId, textRequestTopics.topic], set: { notifiedAt: sql`now()`, notifiedCount: count, updatedAt: sql`now()` } });
}

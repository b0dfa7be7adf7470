import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { textAnalyses } from './text.tables.js';
import { analysisConditions, type AnalysisFilter } from './text.queries.js';

export interface CommentFilter extends AnalysisFilter {
  theme?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  isFeatureRequest?: boolean;
  /** continue after this (occurredAt as ISO text with microseconds, source, sourceId) */
  after?: [string, string, string];
  limit: number;
}

const effectiveThemes = sql`coalesce(${textAnalyses.correctedThemes}, ${textAnalyses.themes})`;
const effectiveSentiment = sql`coalesce(${textAnalyses.correctedSentiment}, ${textAnalyses.sentiment})`;

/**
 * Analysed texts newest first, filtered by what a person corrected where they did (a theme removed by a
 * correction no longer lists the text). The cursor carries the time as text with microseconds, because a
 * JavaScript Date would round it and skip or repeat rows at a page boundary.
 */
export async function findComments(db: Db, workspaceId: string, f: CommentFilter) {
  return db
    .select({
      source: textAnalyses.source,
      sourceId: textAnalyses.sourceId,
      text: textAnalyses.text,
      language: textAnalyses.language,
      sentiment: sql<'positive' | 'neutral' | 'negative'>`${effectiveSentiment}`,
      score: textAnalyses.score,
      themes: sql<string[]>`${effectiveThemes}`,
      isFeatureRequest: textAnalyses.isFeatureRequest,
      isCorrected: sql<boolean>`(${textAnalyses.correctedSentiment} is not null or ${textAnalyses.correctedThemes} is not null)`,
      ratingScale: textAnalyses.ratingScale,
      rating: textAnalyses.rating,
      customerId: textAnalyses.customerId,
      touchpoint: textAnalyses.touchpoint,
      channel: textAnalyses.channel,
      team: textAnalyses.team,
      occurredAt: textAnalyses.occurredAt,
      cursorAt: sql<string>`to_char(${textAnalyses.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(textAnalyses)
    .where(
      and(
        ...analysisConditions(workspaceId, f),
        f.theme ? sql`${effectiveThemes} @> ${JSON.stringify([f.theme])}::jsonb` : undefined,
        f.sentiment ? sql`${effectiveSentiment} = ${f.sentiment}` : undefined,
        f.isFeatureRequest === undefined ? undefined : eq(textAnalyses.isFeatureRequest, f.isFeatureRequest),
        f.after
          ? sql`(${textAnalyses.occurredAt}, ${textAnalyses.source}, ${textAnalyses.sourceId}) < (${f.after[0]}::timestamptz, ${f.after[1]}, ${f.after[2]})`
          : undefined,
      ),
    )
    .orderBy(desc(textAnalyses.occurredAt), desc(textAnalyses.source), desc(textAnalyses.sourceId))
    .limit(f.limit);
}

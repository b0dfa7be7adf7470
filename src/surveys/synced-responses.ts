import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../platform/context.js';
import { toSyncedResponse, type SyncedResponse } from './response-listeners.js';
import { findSurvey, findVersion } from './surveys.queries.js';
import { surveyResponses } from './surveys.tables.js';
import type { SurveyDefinition } from './surveys.schemas.js';

/**
 * Already synced responses of a workspace in id order, in the listener view (SyncedResponse), for
 * domains that backfill what they missed before they registered a listener (text analytics). Pages by
 * `afterId`; returns the next cursor or null at the end.
 */
export async function listSyncedResponses(
  ctx: AppContext,
  workspaceId: string,
  page: { afterId?: string | null; limit: number },
): Promise<{ responses: SyncedResponse[]; nextAfterId: string | null }> {
  const rows = await ctx.db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), isNotNull(surveyResponses.syncedAt), page.afterId ? gt(surveyResponses.id, page.afterId) : undefined))
    .orderBy(asc(surveyResponses.id))
    .limit(page.limit);
  const defs = new Map<string, { def: SurveyDefinition; name: string } | null>();
  const out: SyncedResponse[] = [];
  for (const row of rows) {
    const key = `${row.surveyId}:${row.surveyVersion}`;
    if (!defs.has(key)) {
      const survey = await findSurvey(ctx.db, workspaceId, row.surveyId);
      const def = survey && (row.surveyVersion === survey.version ? survey.definition : ((await findVersion(ctx.db, workspaceId, row.surveyId, row.surveyVersion)) ?? survey.definition));
      defs.set(key, survey && def ? { def, name: survey.name } : null);
    }
    const d = defs.get(key);
    if (d) out.push(toSyncedResponse(row, d.def, { name: d.name }, row.customerId ?? null));
  }
  return { responses: out, nextAfterId: rows.length === page.limit ? rows[rows.length - 1].id : null };
}

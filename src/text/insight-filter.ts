import type { Db } from '../platform/db/client.js';
import { filterCustomersByGroup } from '../customers/customer-lookups.js';
import { findCustomerIdsInPeriod, type AnalysisFilter } from './text.queries.js';
import type { TInsightsQuery } from './insights.schemas.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The filter of every insight view, comment list and export as one SQL-ready value: `to` defaults to now,
 * `from` to eight weeks before it. A segment or persona becomes the list of its customers who wrote in the
 * period, so paged comment lists and streamed exports filter in SQL instead of after a capped read.
 */
export async function resolveInsightFilter(db: Db, workspaceId: string, q: TInsightsQuery): Promise<AnalysisFilter> {
  const to = q.to ?? new Date();
  const base: AnalysisFilter = {
    from: q.from ?? new Date(to.getTime() - 8 * 7 * DAY),
    to,
    language: q.language,
    source: q.source,
    touchpoint: q.touchpoint,
    channel: q.channel,
    team: q.team,
  };
  if (!q.segmentId && !q.personaId) return base;
  const writers = await findCustomerIdsInPeriod(db, workspaceId, base);
  const members = await filterCustomersByGroup(db, workspaceId, writers, { segmentId: q.segmentId, personaId: q.personaId });
  return { ...base, customerIds: [...members] };
}

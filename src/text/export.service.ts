import type { Db } from '../platform/db/client.js';
import { csvStream } from '../platform/http/csv-stream.js';
import { findComments } from './explore.queries.js';
import { getInsights } from './insights.service.js';
import { resolveInsightFilter } from './insight-filter.js';
import { listRequestTopics } from './requests.service.js';
import type { TInsightsQuery } from './insights.schemas.js';
import type { TCommentsQuery } from './explore.schemas.js';

const PAGE = 1000;

/** Themes of a filtered period as CSV: volume, share, sentiment counts, mean score, NPS impact, requests. */
export async function exportThemesCsv(db: Db, workspaceId: string, q: TInsightsQuery) {
  const insights = await getInsights(db, workspaceId, q);
  const header = ['theme', 'mentions', 'share', 'positive', 'neutral', 'negative', 'average_score', 'nps_impact', 'feature_requests'];
  return csvStream([header, ...insights.themes.map((t) => [t.theme, t.mentions, t.share, t.positive, t.neutral, t.negative, t.averageScore, t.npsImpact, t.featureRequests])]);
}

/**
 * Every comment behind a view (theme, sentiment, request flag and the insight filter) as CSV, newest first,
 * read a thousand at a time with the comment list's keyset so a large period streams in bounded memory.
 */
export async function exportCommentsCsv(db: Db, workspaceId: string, q: Omit<TCommentsQuery, 'limit' | 'cursor'>) {
  const filter = await resolveInsightFilter(db, workspaceId, q);
  const header = ['occurred_at', 'source', 'source_id', 'language', 'sentiment', 'score', 'themes', 'is_feature_request', 'is_corrected', 'rating_scale', 'rating', 'touchpoint', 'channel', 'team', 'customer_id', 'text'];
  async function* rows() {
    yield header;
    for (let after: [string, string, string] | undefined; ;) {
      const page = await findComments(db, workspaceId, {
        ...filter,
        theme: q.theme,
        sentiment: q.sentiment,
        isFeatureRequest: q.featureRequests === undefined ? undefined : q.featureRequests === 'true',
        after,
        limit: PAGE,
      });
      for (const c of page) {
        yield [c.occurredAt.toISOString(), c.source, c.sourceId, c.language, c.sentiment, c.score, c.themes.join('; '), c.isFeatureRequest, c.isCorrected, c.ratingScale, c.rating, c.touchpoint, c.channel, c.team, c.customerId, c.text];
      }
      if (page.length < PAGE) return;
      const last = page[page.length - 1];
      after = [last.cursorAt, last.source, last.sourceId];
    }
  }
  return csvStream(rows());
}

/** The feature-request list as CSV: topic, status, counts, the summed value of the customers asking (minor units). */
export async function exportRequestsCsv(db: Db, workspaceId: string, q: TInsightsQuery) {
  const topics = await listRequestTopics(db, workspaceId, q);
  const header = ['topic', 'status', 'requests', 'customers', 'total_spend_minor', 'clv_minor', 'languages', 'last_asked_at', 'notified_at', 'notified_count'];
  return csvStream([
    header,
    ...topics.map((t) => [t.topic, t.status, t.count, t.customers, t.customerValue.totalSpend, t.customerValue.clv,
      Object.entries(t.languages).map(([l, n]) => `${l}: ${n}`).join('; '), t.lastAskedAt.toISOString(), t.notifiedAt?.toISOString() ?? '', t.notifiedCount]),
  ]);
}

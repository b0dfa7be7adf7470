import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getSocialMetrics } from '../../customers/analytics-export.service.js';
import { boundToInstant, localDay, periodsBetween, periodStart } from './periods.js';
import { round, wilson } from './statistics.js';
import type { TSocialEngagement, TSocialFigure, TSocialQuery } from './social-engagement.schemas.js';

interface Report {
  occurredAt: Date;
  network: string | null;
  impressions: number;
  engagements: number;
}

/**
 * Engagement rate = Σ engagements ÷ Σ impressions × 100 over the reports (a rate of totals, not a mean
 * of per-post rates, so a post seen ten times does not weigh like one seen a million times). The Wilson
 * interval treats each impression as a trial; when engagements exceed impressions (several per view)
 * the rate is no share and has no interval.
 */
export function engagementRate(reports: Pick<Report, 'impressions' | 'engagements'>[]): TSocialFigure {
  const impressions = reports.reduce((s, r) => s + r.impressions, 0);
  const engagements = reports.reduce((s, r) => s + r.engagements, 0);
  const w = engagements <= impressions ? wilson(engagements, impressions) : null;
  return {
    value: impressions > 0 ? round((100 * engagements) / impressions, 4) : null,
    low: w ? round(w.low, 4) : null,
    high: w ? round(w.high, 4) : null,
    n: impressions,
    engagements,
    reports: reports.length,
  };
}

/**
 * Social engagement rate from `social_metrics` events (docs/customers.md): the figure for the period, a
 * series by the local day of each report (workspace zone) and groups per network.
 */
export async function getSocialEngagement(db: Db, workspaceId: string, q: TSocialQuery): Promise<TSocialEngagement> {
  const { timeZone } = await getWorkspace(db, workspaceId);
  const from = q.from ? boundToInstant(q.from, timeZone, 'from') : undefined;
  const to = q.to ? boundToInstant(q.to, timeZone, 'to') : undefined;
  if (from && to && from >= to) throw new AppError('validation_failed', 'The period ends before it starts.', { errors: [{ path: 'querystring.to', message: 'must be after from' }] });
  const reports: Report[] = await getSocialMetrics(db, workspaceId, { from, to, network: q.network });
  const answer: TSocialEngagement = {
    metric: 'social-engagement',
    formula: 'engagement rate = Σ engagements ÷ Σ impressions × 100 over social_metrics reports (95 % Wilson interval, impressions as n)',
    ...engagementRate(reports),
    timeZone, from: from ?? null, to: to ?? null, interval: q.interval ?? null,
  };
  if (q.interval) {
    const interval = q.interval;
    const days = reports.map((r) => localDay(r.occurredAt, timeZone)).sort();
    const first = from ? localDay(new Date(from), timeZone) : days[0];
    const last = to ? localDay(new Date(Date.parse(to) - 1), timeZone) : days[days.length - 1];
    answer.series = first && last
      ? periodsBetween(first, last, interval, timeZone).map((p) => ({ ...p, ...engagementRate(reports.filter((r) => periodStart(localDay(r.occurredAt, timeZone), interval) === p.period)) }))
      : [];
  }
  if (q.groupBy === 'network') {
    const keys = [...new Set(reports.map((r) => r.network))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    answer.groups = keys.map((key) => ({ key, ...engagementRate(reports.filter((r) => r.network === key)) }));
  }
  return answer;
}

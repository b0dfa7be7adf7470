import type { AppContext } from '../../platform/context.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getCesMetric, getCsatMetric, getNpsMetric, getResponseRateMetric } from '../metrics/metrics.service.js';
import type { TMetricAnswer } from '../metrics/metrics.schemas.js';
import { getChurnMetric } from '../churn/retention.service.js';
import type { TDigest } from './reports.schemas.js';
import { digestPeriod, periodInstants, type DigestFrequency } from './digest-period.js';

const MOVERS = 5;
const round1 = (v: number) => Math.round(v * 10) / 10;
const change = (a: number | null, b: number | null) => (a === null || b === null ? null : round1(a - b));

/** Touchpoints present in both periods, by how far NPS or CSAT moved, largest first. */
function moversOf(metric: 'nps' | 'csat', now: TMetricAnswer, before: TMetricAnswer): TDigest['movers'] {
  const previous = new Map((before.groups ?? []).map((g) => [g.key, g]));
  const out: TDigest['movers'] = [];
  for (const g of now.groups ?? []) {
    const p = previous.get(g.key);
    const d = change(g.value, p?.value ?? null);
    if (g.key === null || d === null || p === undefined) continue;
    out.push({ metric, touchpoint: g.label ?? g.key, value: g.value, previous: p.value, change: d, n: g.n });
  }
  return out;
}

/**
 * The digest of the newest complete week or month: headline NPS, CSAT, CES, response rate and churn
 * against the period before, and the touchpoints that moved most — through the metrics services, so the
 * e-mail shows exactly what the dashboard shows for the same days.
 */
export async function buildDigest(ctx: AppContext, workspaceId: string, frequency: DigestFrequency, now = new Date()): Promise<TDigest> {
  const ws = await getWorkspace(ctx.db, workspaceId);
  const period = digestPeriod(frequency, now, ws.timeZone);
  const current = { from: period.from, to: period.to };
  const before = { from: period.previousFrom, to: period.previousTo };
  const interval = frequency === 'weekly' ? 'week' : 'month';
  const bounds = periodInstants(period, ws.timeZone);
  const [nps, npsBefore, csat, csatBefore, ces, responses, churn] = await Promise.all([
    getNpsMetric(ctx, workspaceId, { ...current, compare: 'previous', groupBy: 'touchpoint' }),
    getNpsMetric(ctx, workspaceId, { ...before, groupBy: 'touchpoint' }),
    getCsatMetric(ctx, workspaceId, { ...current, compare: 'previous', groupBy: 'touchpoint', topBoxes: 2 }),
    getCsatMetric(ctx, workspaceId, { ...before, groupBy: 'touchpoint', topBoxes: 2 }),
    getCesMetric(ctx, workspaceId, { ...current, compare: 'previous' }),
    getResponseRateMetric(ctx, workspaceId, { ...current, compare: 'previous' }),
    getChurnMetric(ctx.db, workspaceId, { from: bounds.previousStart.toISOString(), to: bounds.end.toISOString(), interval }),
  ]);
  const figure = (metric: 'nps' | 'csat' | 'ces', a: TMetricAnswer) => ({
    metric, value: a.value, previous: a.comparison?.previous.value ?? null, change: change(a.value, a.comparison?.previous.value ?? null), n: a.n,
  });
  const [churnBefore, churnNow] = [churn.series[churn.series.length - 2], churn.series[churn.series.length - 1]];
  const movers = [...moversOf('nps', nps, npsBefore), ...moversOf('csat', csat, csatBefore)]
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change))
    .slice(0, MOVERS);
  return {
    period: { frequency, from: period.from, to: period.to, previousFrom: period.previousFrom },
    headline: [
      figure('nps', nps),
      figure('csat', csat),
      figure('ces', ces),
      // The response rate proper needs invitations sent; without them it stays empty rather than showing another ratio.
      { metric: 'response-rate', value: responses.responseRate ?? null, previous: null, change: null, n: responses.n },
      { metric: 'churn', value: churnNow?.value ?? null, previous: churnBefore?.value ?? null, change: change(churnNow?.value ?? null, churnBefore?.value ?? null), n: churnNow?.atStart ?? 0 },
    ],
    movers,
  };
}

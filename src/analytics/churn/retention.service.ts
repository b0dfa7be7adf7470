import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { getHistoricalSpend, getLifecycleRule, getNpsByChurn, getPurchaseCohorts, getRetentionCounts } from '../../customers/analytics-export.service.js';
import type { TClvQuery, TRetentionQuery } from './retention.schemas.js';
import { getClvSeriesPart, wantsSeries } from './clv-series.js';
import { getPredictiveClvSummary } from '../clv/clv.service.js';
import { churnInterval, churnRate, cohortMatrix, historicalClv, npsOf, retentionInterval, retentionRate, simpleRetentionRate } from './retention-formulas.js';

const MAX_PERIODS = 400;
const COHORT_MONTHS = 12;

function range(q: TRetentionQuery): { from: Date; to: Date; interval: TRetentionQuery['interval'] } {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate()));
  const bad = (message: string) => new AppError('bad_request', message, { errors: [{ path: 'querystring.from', message }] });
  if (!(from < to)) throw bad('from must be before to');
  const days = { week: 7, month: 28, quarter: 90 }[q.interval];
  if ((to.getTime() - from.getTime()) / 86_400_000 / days > MAX_PERIODS) throw bad(`at most ${MAX_PERIODS} periods; use a longer interval`);
  return { from, to, interval: q.interval };
}

/** Churn rate per period under the workspace's lifecycle rule, and the NPS of churned vs retained customers. */
export async function getChurnMetric(db: Db, workspaceId: string, q: TRetentionQuery) {
  const { rule, periods } = await getRetentionCounts(db, workspaceId, range(q));
  const series = periods.map((p) => ({ ...p, value: churnRate(p), ...churnInterval(p) }));
  const last = series[series.length - 1];
  const nps = await getNpsByChurn(db, workspaceId);
  const churned = nps.find((r) => r.churned);
  const retained = nps.find((r) => !r.churned);
  return {
    metric: 'churn' as const,
    formula: 'churn rate = customers lost in the period ÷ customers at its start × 100',
    value: last?.value ?? null,
    n: last?.atStart ?? 0,
    rule: { churnedAfterDays: rule.churnedAfterDays, timeZone: rule.timeZone },
    series,
    npsByChurn: {
      churned: churned ? npsOf(churned.promoters, churned.detractors, churned.answered) : null,
      retained: retained ? npsOf(retained.promoters, retained.detractors, retained.answered) : null,
      churnedAnswers: churned?.answered ?? 0,
      retainedAnswers: retained?.answered ?? 0,
    },
  };
}

/** Retention rate per period (and the simpler end ÷ start beside it), with the cohort matrix by first-purchase month. */
export async function getRetentionMetric(db: Db, workspaceId: string, q: TRetentionQuery) {
  const r = range(q);
  const { rule, periods } = await getRetentionCounts(db, workspaceId, r);
  const series = periods.map((p) => ({ ...p, value: retentionRate(p), ...retentionInterval(p), simpleValue: simpleRetentionRate(p) }));
  const last = series[series.length - 1];
  const cells = await getPurchaseCohorts(db, workspaceId, { from: r.from, to: r.to });
  return {
    metric: 'retention' as const,
    formula: 'retention rate = (customers at end − new customers) ÷ customers at start × 100; simple variant = end ÷ start × 100',
    value: last?.value ?? null,
    simpleValue: last?.simpleValue ?? null,
    n: last?.atStart ?? 0,
    rule: { churnedAfterDays: rule.churnedAfterDays, timeZone: rule.timeZone },
    series,
    cohorts: cohortMatrix(cells, COHORT_MONTHS),
  };
}

/**
 * Historical CLV: net spend to date (purchases − refunds, base currency) × margin, per buyer; and beside
 * it the predictive CLV of the newest BG/NBD + Gamma-Gamma fit (null before the first fit). The margin
 * is the request's, else the workspace's gross margin (customer settings), and the answer says which.
 * With from, to, interval, groupBy or compare: CLV at the end of each period with its t-interval (clv-series.ts).
 */
export async function getClvMetric(db: Db, workspaceId: string, q: TClvQuery) {
  const [h, rule] = await Promise.all([getHistoricalSpend(db, workspaceId), getLifecycleRule(db, workspaceId)]);
  const margin = q.margin ?? rule.grossMargin;
  const marginSource = q.margin === undefined ? ('workspace' as const) : ('query' as const);
  const predictive = await getPredictiveClvSummary(db, workspaceId, margin);
  const part = wantsSeries(q) ? await getClvSeriesPart(db, workspaceId, rule.timeZone, q, margin) : {};
  return {
    metric: 'clv' as const,
    formula: `historical CLV = (purchases − refunds to date) × margin (${margin}, from the ${marginSource === 'query' ? 'margin parameter' : 'workspace gross margin setting'}); value = mean over buyers`,
    value: h.buyers > 0 ? historicalClv(h.net_spend / h.buyers, margin) : null,
    n: h.buyers,
    currency: rule.baseCurrency,
    margin,
    marginSource,
    total: historicalClv(h.net_spend, margin),
    median: h.median_net_spend === null ? null : historicalClv(h.median_net_spend, margin),
    customers: h.customers,
    predictive,
    ...part,
  };
}

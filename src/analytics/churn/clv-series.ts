import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { getClvSpendSeries, type ClvSpendPeriod } from '../../customers/analytics-export.service.js';
import type { CustomerDimension } from '../../customers/customer-groups.js';
import { boundToInstant, localDay, periodsBetween } from '../metrics/periods.js';
import { compareMeans, emptyTally, meanWithT, MIN_N, type Tally } from '../metrics/statistics.js';
import type { TClvFigure, TClvQuery, TClvSeriesPart } from './retention.schemas.js';

/**
 * Historical CLV over time (docs/formulas.md, "Historical CLV over time"): at the end of each period,
 * the mean net spend to date of the customers who had bought by then, × margin, with a 95 % t-interval
 * of the mean; the revenue inside the period beside it; groups against the rest and the period before.
 */

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation_failed', detail, { errors: [{ path: `querystring.${path}`, message }] });

/** Before any purchase a workspace can hold: the start of "to date" when no from is given. */
const EPOCH = '1970-01-01T00:00:00.000Z';
const YEAR_MS = 365 * 86_400_000;

/** The figures of one period from its buyers' Σ and Σ² spend; n = 0 is null, never 0. */
export function clvFigure(p: ClvSpendPeriod, margin: number): TClvFigure {
  const { mean, half } = meanWithT({ n: p.buyers, sum: p.spend, sumSq: p.spendSq });
  const m = (v: number | null) => (v === null ? null : Math.round(v * margin));
  return {
    value: m(mean),
    n: p.buyers,
    low: mean === null || half === null ? null : m(mean - half),
    high: mean === null || half === null ? null : m(mean + half),
    marginOfError: m(half),
    smallSample: p.buyers < MIN_N,
    revenue: Math.round(p.revenue),
  };
}

/** A period as a tally in margin-weighted units, so comparisons read in CLV, not raw spend. */
const tallyOf = (p: ClvSpendPeriod, margin: number): Tally => ({ ...emptyTally(), n: p.buyers, sum: p.spend * margin, sumSq: p.spendSq * margin * margin });
const minus = (a: ClvSpendPeriod, b: ClvSpendPeriod): ClvSpendPeriod => ({ buyers: a.buyers - b.buyers, spend: a.spend - b.spend, spendSq: a.spendSq - b.spendSq, revenue: a.revenue - b.revenue });
const NONE: ClvSpendPeriod = { buyers: 0, spend: 0, spendSq: 0, revenue: 0 };

/** Whether the query asks for anything beyond the to-date figures (series, window, groups, comparison). */
export const wantsSeries = (q: TClvQuery) => Boolean(q.from || q.to || q.interval || q.groupBy || q.compare);

/**
 * The series, window, groups and comparison of GET /metrics/clv. Periods are the calendar periods of
 * the workspace's zone (as NPS), clipped to from…to, so the last point is CLV at `to` and the revenue of
 * the points adds up to the window's.
 */
export async function getClvSeriesPart(db: Db, workspaceId: string, timeZone: string, q: TClvQuery, margin: number, now = new Date()): Promise<TClvSeriesPart> {
  const to = q.to ? boundToInstant(q.to, timeZone, 'to') : now.toISOString();
  const from = q.from ? boundToInstant(q.from, timeZone, 'from') : q.interval ? new Date(Date.parse(to) - YEAR_MS).toISOString() : null;
  if (from && from >= to) throw invalid('to', 'must be after from', 'The period ends before it starts.');
  if (q.compare === 'previous' && !(q.from && q.to)) throw invalid('compare', 'needs from and to', 'Comparing with the previous period needs from and to.');

  const calendar = q.interval && from ? periodsBetween(localDay(new Date(from), timeZone), localDay(new Date(Date.parse(to) - 1), timeZone), q.interval, timeZone) : undefined;
  const clipped = calendar
    ? calendar.map((p) => ({ start: p.start < from! ? from! : p.start, end: p.end > to ? to : p.end }))
    : [{ start: from ?? EPOCH, end: to }];
  const spend = await getClvSpendSeries(db, workspaceId, { periods: clipped, groupBy: q.groupBy as CustomerDimension | undefined });
  const atEnd = (ps: ClvSpendPeriod[]): ClvSpendPeriod => ({ ...(ps[ps.length - 1] ?? NONE), revenue: ps.reduce((s, p) => s + p.revenue, 0) });
  const seriesOf = (ps: ClvSpendPeriod[]) => calendar?.map((p, i) => ({ ...p, ...clvFigure(ps[i] ?? NONE, margin) }));
  const total = atEnd(spend.total);

  const part: TClvSeriesPart = { timeZone, from, to, interval: q.interval ?? null, groupBy: q.groupBy ?? null, period: clvFigure(total, margin) };
  if (calendar) part.series = seriesOf(spend.total);
  if (q.groupBy && spend.groups) {
    const labels = new Map(spend.known.map((k) => [k.key, k.label]));
    const keys = new Set<string | null>([...spend.known.map((k) => k.key), ...spend.groups.keys()]);
    part.groups = [...keys]
      .map((key) => {
        const ps = spend.groups.get(key) ?? [];
        const g = atEnd(ps);
        return {
          key,
          label: key === null ? null : (labels.get(key) ?? key),
          ...clvFigure(g, margin),
          vsRest: compareMeans(tallyOf(g, margin), tallyOf(minus(total, g), margin)),
          ...(calendar ? { series: seriesOf(ps) } : {}),
        };
      })
      .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }
  if (q.compare === 'previous' && from) {
    const length = Date.parse(to) - Date.parse(from);
    const window = { start: new Date(Date.parse(from) - length).toISOString(), end: from };
    const prev = atEnd((await getClvSpendSeries(db, workspaceId, { periods: [window] })).total);
    part.comparison = { from: window.start, to: window.end, previous: clvFigure(prev, margin), test: compareMeans(tallyOf(total, margin), tallyOf(prev, margin)) };
  }
  return part;
}

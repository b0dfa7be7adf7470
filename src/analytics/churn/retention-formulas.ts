import { wilson } from '../metrics/statistics.js';

/**
 * Churn and retention formulas (docs/formulas.md, "Churn and retention"). A period with no customers
 * at its start has no rate: null, never 0 or a division by zero.
 */

export interface PeriodCounts {
  atStart: number;
  lost: number;
  newCustomers: number;
  atEnd: number;
}

const pct = (x: number) => Math.round(x * 10000) / 100;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** The 95 % Wilson interval of a rate k ÷ n in %, rounded like the rate; null without customers at start. */
function interval(k: number, n: number): { low: number | null; high: number | null } {
  const w = wilson(k, n);
  return w ? { low: r2(w.low), high: r2(w.high) } : { low: null, high: null };
}

/** Churn rate % = customers lost in the period ÷ customers at its start × 100. */
export const churnRate = (c: PeriodCounts): number | null => (c.atStart > 0 ? pct(c.lost / c.atStart) : null);

/** 95 % Wilson interval of the churn rate: the period's customers at start are the n of a share lost. */
export const churnInterval = (c: PeriodCounts) => interval(c.lost, c.atStart);

/**
 * 95 % Wilson interval of the retention rate: (end − new) are the customers kept of those at start, a
 * share of them (kept within 0…start, so a count that drifted by a late import cannot leave the range).
 */
export const retentionInterval = (c: PeriodCounts) => interval(Math.min(c.atStart, Math.max(0, c.atEnd - c.newCustomers)), c.atStart);

/** Retention rate % = (customers at end − new customers) ÷ customers at start × 100. */
export const retentionRate = (c: PeriodCounts): number | null => (c.atStart > 0 ? pct((c.atEnd - c.newCustomers) / c.atStart) : null);

/** The simpler variant some CX guides use: customers at end ÷ customers at start × 100 (new ones counted). */
export const simpleRetentionRate = (c: PeriodCounts): number | null => (c.atStart > 0 ? pct(c.atEnd / c.atStart) : null);

/** Historical CLV of one customer: (purchases − refunds to date) × margin, in minor units. */
export const historicalClv = (netSpend: number, margin: number): number => Math.round(netSpend * margin);

/** NPS = % promoters − % detractors among those who answered; null without answers. */
export const npsOf = (promoters: number, detractors: number, answered: number): number | null =>
  answered > 0 ? Math.round(((promoters - detractors) / answered) * 10000) / 100 : null;

export interface CohortRow {
  cohort: string;
  size: number;
  /** Share (%) of the cohort buying in month 0, 1, 2, … after its first purchase month. */
  retention: (number | null)[];
}

/** The cohort matrix from (cohort, months since, customers) cells; offset 0 holds the cohort's size. */
export function cohortMatrix(cells: { cohort: string; month_offset: number; customers: number }[], months: number): CohortRow[] {
  const byCohort = new Map<string, Map<number, number>>();
  for (const c of cells) {
    const m = byCohort.get(c.cohort) ?? new Map<number, number>();
    m.set(c.month_offset, c.customers);
    byCohort.set(c.cohort, m);
  }
  return [...byCohort.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([cohort, m]) => {
      const size = m.get(0) ?? 0;
      return { cohort, size, retention: Array.from({ length: months }, (_, k) => (size > 0 ? pct((m.get(k) ?? 0) / size) : null)) };
    });
}

import { businessMsBetween, type ConversationFactRow, type ServiceCalendar } from '../../inbox/measures.service.js';
import type { TSupportFigure } from './support-metrics.schemas.js';
import { wilson } from './statistics.js';

/** Support measures over conversation facts; the formulas are in docs/formulas.md ("Support"). */

const MIN = 60_000;
const round = (x: number) => Math.round(x * 100) / 100;

/** Middle value (mean of the two middle values for an even count); null for none. */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/**
 * Distribution-free 95 % interval of the median from order statistics: [x(j), x(n−j+1)] with j the
 * largest rank where P(Bin(n, ½) ≤ j − 1) ≤ 2.5 %, so it covers the median at least 95 % of the time
 * whatever the shape of the times (they are skewed: a few conversations wait days). Null below six
 * values, where even the smallest and largest do not reach 95 %.
 */
export function medianInterval(xs: number[]): { low: number | null; high: number | null } {
  const n = xs.length;
  const s = [...xs].sort((a, b) => a - b);
  const logHalfN = -n * Math.LN2;
  let logChoose = 0; // ln C(n, i), built up term by term
  let cdf = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    cdf += Math.exp(logChoose + logHalfN);
    if (cdf > 0.025) break;
    j = i + 1;
  }
  return j === 0 ? { low: null, high: null } : { low: round(s[j - 1]), high: round(s[n - j]) };
}

/** 95 % Wilson interval of k ÷ n in %, rounded to 2 decimals; null without n. */
function rateInterval(k: number, n: number): { low: number | null; high: number | null } {
  const w = wilson(k, n);
  return w ? { low: round(w.low), high: round(w.high) } : { low: null, high: null };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r = (x: number | null) => (x === null ? null : round(x));

/** Time from the first customer message to `end` (first reply, or resolution), wall-clock and in business time. */
function durations(rows: ConversationFactRow[], end: 'firstResponseAt' | 'resolvedAt', cal: ServiceCalendar): TSupportFigure {
  const done = rows.filter((c) => c[end]);
  const wall = done.map((c) => Math.max(0, c[end]!.getTime() - c.startedAt.getTime()) / MIN);
  const business = done.map((c) => businessMsBetween(c.startedAt, c[end]!, cal) / MIN);
  return { value: r(median(wall)), ...medianInterval(wall), n: done.length, mean: r(mean(wall)), businessMedian: r(median(business)), businessMean: r(mean(business)), pending: rows.length - done.length };
}

export const firstResponseTime = (rows: ConversationFactRow[], cal: ServiceCalendar) => durations(rows, 'firstResponseAt', cal);
export const resolutionTime = (rows: ConversationFactRow[], cal: ServiceCalendar) => durations(rows, 'resolvedAt', cal);

/** FCR = resolved with exactly one agent reply ÷ resolved with at least one agent reply. */
export function firstContactResolution(rows: ConversationFactRow[]): TSupportFigure {
  const resolved = rows.filter((c) => c.resolvedAt && c.agentReplies >= 1);
  const one = resolved.filter((c) => c.agentReplies === 1).length;
  return { value: resolved.length ? round((100 * one) / resolved.length) : null, ...rateInterval(one, resolved.length), n: resolved.length, onFirstContact: one };
}

/**
 * SLA % met over decided targets: a target is met when done by its due time, missed when done later or
 * still undone after it; a target still running is not counted yet.
 */
export function slaMet(rows: ConversationFactRow[], now: Date): TSupportFigure {
  let frMet = 0, frMissed = 0, resMet = 0, resMissed = 0;
  for (const c of rows) {
    if (c.firstResponseDueAt) {
      const done = c.firstResponseAt;
      if (done && done <= c.firstResponseDueAt) frMet++;
      else if (done) frMissed++;
      else if (c.firstResponseDueAt < now) frMissed++;
    }
    if (c.resolutionDueAt) {
      const done = c.resolvedAt;
      if (done && done <= c.resolutionDueAt) resMet++;
      else if (done) resMissed++;
      else if (c.resolutionDueAt < now) resMissed++;
    }
  }
  const pct = (m: number, x: number) => (m + x ? round((100 * m) / (m + x)) : null);
  return { value: pct(frMet + resMet, frMissed + resMissed), ...rateInterval(frMet + resMet, frMet + frMissed + resMet + resMissed), n: frMet + frMissed + resMet + resMissed, met: frMet + resMet, missed: frMissed + resMissed, firstResponseMet: pct(frMet, frMissed), resolutionMet: pct(resMet, resMissed) };
}

/** Follow-up rate = detractor cases with a first contact ÷ cases opened; time to follow up from the case opening. */
export function followUps(rows: ConversationFactRow[]): TSupportFigure {
  const cases = rows.filter((c) => c.kind === 'follow_up');
  const contacted = cases.filter((c) => c.firstResponseAt);
  const minutes = contacted.map((c) => Math.max(0, c.firstResponseAt!.getTime() - c.startedAt.getTime()) / MIN);
  return { value: cases.length ? round((100 * contacted.length) / cases.length) : null, ...rateInterval(contacted.length, cases.length), n: cases.length, opened: cases.length, followedUp: contacted.length, medianMinutes: r(median(minutes)), mean: r(mean(minutes)) };
}

/** Backlog: conversations not resolved (of those created in the window), beside the volume created. A count, not an estimate: no interval. */
export function backlog(rows: ConversationFactRow[]): TSupportFigure {
  const open = rows.filter((c) => c.status !== 'resolved').length;
  return { value: open, n: rows.length, open, volume: rows.length };
}

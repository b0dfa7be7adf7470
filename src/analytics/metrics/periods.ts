import { AppError } from '../../platform/errors.js';

/**
 * Calendar periods in the workspace's time zone. The database cuts responses into periods with
 * date_trunc(…, created_at AT TIME ZONE tz); this file names the same periods (their first local day,
 * "YYYY-MM-DD") and turns local days into UTC instants so every point of a series carries its interval.
 */
export type Interval = 'day' | 'week' | 'month' | 'quarter';

/** Longest series answered: a day interval over ~2.7 years; beyond that choose a coarser interval. */
export const MAX_PERIODS = 1000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl.DateTimeFormat costs far more than using one: one per zone and kind, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, kind: 'parts' | 'day'): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = formatters.get(key);
  if (!f) {
    f = kind === 'parts'
      ? new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      : new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, f);
  }
  return f;
}

/** Offset of `tz` from UTC at the instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, tz: string): number {
  const parts = formatter(tz, 'parts').formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight of `day` (YYYY-MM-DD) happens in `tz`; twice-corrected for days that change offset. */
export function localMidnight(day: string, tz: string): Date {
  const m = DATE_ONLY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let t = guess - offsetAt(guess, tz);
  t = guess - offsetAt(t, tz);
  return new Date(t);
}

/** The local calendar day of an instant in `tz`. */
export function localDay(at: Date, tz: string): string {
  return formatter(tz, 'day').format(at);
}

const fmt = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** First day of the period containing `day` (weeks start on Monday, as PostgreSQL's date_trunc). */
export function periodStart(day: string, interval: Interval): string {
  const d = utcDay(day);
  if (interval === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (interval === 'month' || interval === 'quarter') d.setUTCDate(1);
  if (interval === 'quarter') d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3));
  return fmt(d);
}

/** First day of the period after the one starting on `start`. */
export function nextPeriod(start: string, interval: Interval): string {
  const d = utcDay(start);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
  if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  if (interval === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3);
  return fmt(d);
}

/** Every period from the one holding `firstDay` to the one holding `lastDay`, each with its UTC interval. */
export function periodsBetween(firstDay: string, lastDay: string, interval: Interval, tz: string): { period: string; start: string; end: string }[] {
  const out: { period: string; start: string; end: string }[] = [];
  const last = periodStart(lastDay, interval);
  for (let p = periodStart(firstDay, interval); p <= last; p = nextPeriod(p, interval)) {
    if (out.length >= MAX_PERIODS) {
      throw new AppError('validation_failed', `The series would have more than ${MAX_PERIODS} points; choose a longer interval or a shorter period.`, {
        errors: [{ path: 'querystring.interval', message: 'too many periods' }],
      });
    }
    out.push({ period: p, start: localMidnight(p, tz).toISOString(), end: localMidnight(nextPeriod(p, interval), tz).toISOString() });
  }
  return out;
}

/**
 * A `from`/`to` bound as an instant. A bare day is read in the workspace's zone; as `to` it is inclusive
 * (to=2026-03-31 means up to the end of that day), so the bound becomes the next local midnight.
 */
export function boundToInstant(value: string, tz: string, edge: 'from' | 'to'): string {
  if (!DATE_ONLY.test(value)) return new Date(value).toISOString();
  return localMidnight(edge === 'to' ? nextPeriod(value, 'day') : value, tz).toISOString();
}

import type { TWeeklyHours } from './routing.schemas.js';

/**
 * Business-time arithmetic in the workspace's time zone. Opening hours are local wall-clock times per
 * weekday, so they are turned into instants day by day: a day on which the clocks change is 23 or 25
 * hours long, and "09:00" is a different UTC hour before and after the change.
 */
export interface ServiceCalendar {
  timeZone: string;
  weekly: TWeeklyHours;
  /** Local days (YYYY-MM-DD) with no service. */
  holidays: string[];
}

/** Round the clock, every day: what a policy without business hours counts in. */
export const ALWAYS_OPEN: TWeeklyHours = { 1: [['00:00', '24:00']], 2: [['00:00', '24:00']], 3: [['00:00', '24:00']], 4: [['00:00', '24:00']], 5: [['00:00', '24:00']], 6: [['00:00', '24:00']], 7: [['00:00', '24:00']] };

/** Monday to Friday, 09:00–17:00: the default until a workspace sets its hours. */
export const OFFICE_HOURS: TWeeklyHours = { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] };

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

function localParts(ms: number, tz: string) {
  const parts = partsFormatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** Offset of `tz` from UTC at instant `ms` (positive east of Greenwich). */
function offsetAt(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day (YYYY-MM-DD) of an instant. */
export function localDayOf(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: string): number => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The instant a local wall-clock time happens ("24:00" is the next midnight); corrected twice for offset changes. */
export function zonedInstant(day: string, hhmm: string, tz: string): number {
  if (hhmm === '24:00') return zonedInstant(nextDay(day), '00:00', tz);
  const [y, m, d] = day.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, mi);
  let t = guess - offsetAt(guess, tz);
  t = guess - offsetAt(t, tz);
  return t;
}

/** The open intervals of one local day as [start, end) instants. */
export function openIntervals(day: string, cal: ServiceCalendar): [number, number][] {
  if (cal.holidays.includes(day)) return [];
  const hours = cal.weekly[String(isoWeekday(day)) as keyof TWeeklyHours] ?? [];
  return hours.map(([a, b]) => [zonedInstant(day, a, cal.timeZone), zonedInstant(day, b, cal.timeZone)] as [number, number]).sort((x, y) => x[0] - y[0]);
}

const hasHours = (cal: ServiceCalendar) => Object.values(cal.weekly).some((v) => v && v.length > 0);
/** Two years of days: a calendar open less than this is treated as always open rather than searched forever. */
const MAX_DAYS = 731;

/** When `minutes` of business time after `start` have passed (a start outside hours waits for the next opening). */
export function addBusinessMinutes(start: Date, minutes: number, cal: ServiceCalendar): Date {
  let remaining = minutes * 60_000;
  if (!hasHours(cal)) return new Date(start.getTime() + remaining);
  let day = localDayOf(start.getTime(), cal.timeZone);
  for (let n = 0; n < MAX_DAYS; n++, day = nextDay(day)) {
    for (const [s, e] of openIntervals(day, cal)) {
      const from = Math.max(s, start.getTime());
      if (from >= e) continue;
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
    }
  }
  return new Date(start.getTime() + minutes * 60_000);
}

/** Business time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessMsBetween(from: Date, to: Date, cal: ServiceCalendar): number {
  if (to <= from) return 0;
  if (!hasHours(cal)) return to.getTime() - from.getTime();
  let total = 0;
  let day = localDayOf(from.getTime(), cal.timeZone);
  const lastDay = localDayOf(to.getTime(), cal.timeZone);
  for (let n = 0; n < 100_000; n++, day = nextDay(day)) {
    for (const [s, e] of openIntervals(day, cal)) total += Math.max(0, Math.min(e, to.getTime()) - Math.max(s, from.getTime()));
    if (day === lastDay) break;
  }
  return total;
}

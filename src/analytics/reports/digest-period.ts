import { localDay, localMidnight, nextPeriod, periodStart } from '../metrics/periods.js';

export type DigestFrequency = 'weekly' | 'monthly';

export interface DigestPeriod {
  frequency: DigestFrequency;
  /** First and last local day (inclusive) of the newest complete period. */
  from: string;
  to: string;
  /** The period before it. */
  previousFrom: string;
  previousTo: string;
}

const dayBefore = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The newest complete week (Monday–Sunday) or calendar month before `now` in the workspace's time zone,
 * and the one before it: a digest reports what has fully happened, never a half period.
 */
export function digestPeriod(frequency: DigestFrequency, now: Date, timeZone: string): DigestPeriod {
  const interval = frequency === 'weekly' ? 'week' : 'month';
  const current = periodStart(localDay(now, timeZone), interval);
  const to = dayBefore(current);
  const from = periodStart(to, interval);
  const previousTo = dayBefore(from);
  return { frequency, from, to, previousFrom: periodStart(previousTo, interval), previousTo };
}

/** The instants bounding the previous and the reported period (for queries cut by instants). */
export function periodInstants(p: DigestPeriod, timeZone: string) {
  const interval = p.frequency === 'weekly' ? 'week' : 'month';
  return { previousStart: localMidnight(p.previousFrom, timeZone), end: localMidnight(nextPeriod(p.from, interval), timeZone) };
}

import { describe, expect, it } from 'vitest';
import { compareMeans, compareNps, compareShares, emptyTally, meanOf, normalCdf, npsOf, wilson, type Tally } from './statistics.js';
import { localDay, localMidnight, periodsBetween, periodStart, boundToInstant } from './periods.js';

const tally = (over: Partial<Tally>): Tally => ({ ...emptyTally(), ...over });

describe('NPS and its margin of error (hand-computed)', () => {
  it('n = 0: no NPS, no margin', () => {
    expect(npsOf(0, 0, 0)).toEqual({ nps: null, marginOfError: null, standardError: null });
  });

  it('all promoters: NPS 100 with a margin of 0 (p = 1, d = 0: 1 + 0 − 1² = 0)', () => {
    expect(npsOf(5, 0, 5)).toMatchObject({ nps: 100, marginOfError: 0 });
  });

  it('scores 10, 9, 8, 6: p = ½, d = ¼ → NPS 25, MoE = 196·√((¾ − 1/16)/4) = 196·√0.171875 = 81.257', () => {
    const x = npsOf(2, 1, 4);
    expect(x.nps).toBe(25);
    expect(x.marginOfError).toBeCloseTo(81.257, 3);
  });

  it('all detractors: NPS −100, margin 0; half promoters half detractors: NPS 0, MoE = 196·√(1/n)', () => {
    expect(npsOf(0, 3, 3)).toMatchObject({ nps: -100, marginOfError: 0 });
    // p = d = ½: p + d − 0 = 1 → 1.96·100·√(1/100) = 19.6
    expect(npsOf(50, 50, 100).marginOfError).toBeCloseTo(19.6, 10);
  });
});

describe('Wilson interval (hand-computed)', () => {
  it('2 of 5: centre (0.4 + 3.8416/10)/1.76832 = 0.44345, half 1.96·√(0.086416)/1.76832 = 0.32583 → 11.76 … 76.93 %', () => {
    const w = wilson(2, 5)!;
    expect(w.low).toBeCloseTo(11.762, 2);
    expect(w.high).toBeCloseTo(76.928, 2);
  });

  it('stays inside 0…100 at the edges, where p ± z√(p(1−p)/n) would collapse to a point', () => {
    expect(wilson(0, 10)).toEqual({ low: 0, high: expect.closeTo(27.754, 2) });
    expect(wilson(10, 10)!.low).toBeCloseTo(72.246, 2);
    expect(wilson(10, 10)!.high).toBe(100);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('means', () => {
  it('scores 5, 4, 3, 2, 1: mean 3, sd √2.5, interval 3 ± 1.96·√2.5/√5 = 3 ± 1.3859', () => {
    const m = meanOf({ n: 5, sum: 15, sumSq: 55 });
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 10);
    expect(m.low).toBeCloseTo(1.6141, 3);
    expect(m.high).toBeCloseTo(4.3859, 3);
  });
  it('one answer: a mean but no interval', () => {
    expect(meanOf({ n: 1, sum: 4, sumSq: 16 })).toEqual({ mean: 4, sd: null, low: null, high: null });
  });
});

describe('significance tests', () => {
  it('normal CDF matches tables', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-2.5758)).toBeCloseTo(0.005, 4);
  });

  it('NPS 40 (60/20 of 100) vs NPS 10 (40/30 of 100): SE √(8² + 8.3066²) = 11.533, z = 2.601, p = 0.0093', () => {
    const r = compareNps(tally({ n: 100, hits: 60, misses: 20 }), tally({ n: 100, hits: 40, misses: 30 }));
    expect(r.difference).toBeCloseTo(30, 10);
    expect(r.standardError).toBeCloseTo(11.5326, 3);
    expect(r.z).toBeCloseTo(2.6013, 3);
    expect(r.pValue).toBeCloseTo(0.0093, 3);
    expect(r.verdict).toBe('significant');
  });

  it('a small change on large samples is not significant; under 30 answers on a side it says so plainly', () => {
    const near = compareNps(tally({ n: 200, hits: 100, misses: 50 }), tally({ n: 200, hits: 96, misses: 50 }));
    expect(near.verdict).toBe('not_significant');
    const few = compareNps(tally({ n: 12, hits: 12 }), tally({ n: 40, misses: 40 }));
    expect(few).toMatchObject({ verdict: 'too_few_responses', pValue: null, difference: 200 });
    expect(few.note).toMatch(/Too few responses/);
    expect(compareNps(emptyTally(), tally({ n: 40, hits: 1 }))).toMatchObject({ verdict: 'too_few_responses', difference: null });
  });

  it('two shares: 60/100 vs 45/100, pooled p 0.525 → SE 100·√(0.525·0.475·0.02) = 7.062, z = 2.124', () => {
    const r = compareShares(tally({ n: 100, hits: 60 }), tally({ n: 100, hits: 45 }));
    expect(r.difference).toBeCloseTo(15, 10);
    expect(r.standardError).toBeCloseTo(7.0622, 3);
    expect(r.z).toBeCloseTo(2.124, 3);
    expect(r.verdict).toBe('significant');
  });

  it('two means: Welch z on 40 answers each', () => {
    // a: 20 × 6 and 20 × 4 → mean 5, sd² = 40/39; b: 40 × 5 → mean 5, sd 0 → difference 0, not significant.
    const a = tally({ n: 40, sum: 200, sumSq: 20 * 36 + 20 * 16 });
    const b = tally({ n: 40, sum: 200, sumSq: 1000 });
    expect(compareMeans(a, b)).toMatchObject({ difference: 0, verdict: 'not_significant' });
  });
});

describe('periods in the workspace time zone', () => {
  it('23:30 UTC is already the next day in Copenhagen (winter +1, summer +2)', () => {
    expect(localDay(new Date('2026-01-14T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-01-15');
    expect(localDay(new Date('2026-07-14T21:30:00Z'), 'Europe/Copenhagen')).toBe('2026-07-14');
    expect(localDay(new Date('2026-07-14T22:30:00Z'), 'Europe/Copenhagen')).toBe('2026-07-15');
    expect(localMidnight('2026-01-15', 'Europe/Copenhagen').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(localMidnight('2026-07-15', 'Europe/Copenhagen').toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });

  it('days that change offset: the day of the spring change lasts 23 hours', () => {
    const [p] = periodsBetween('2026-03-29', '2026-03-29', 'day', 'Europe/Copenhagen');
    expect(p).toEqual({ period: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
  });

  it('weeks start on Monday, quarters in Jan/Apr/Jul/Oct; a bare `to` day is inclusive', () => {
    expect(periodStart('2026-01-15', 'week')).toBe('2026-01-12');
    expect(periodStart('2026-05-20', 'quarter')).toBe('2026-04-01');
    expect(periodsBetween('2026-01-30', '2026-03-02', 'month', 'UTC').map((p) => p.period)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(boundToInstant('2026-01-31', 'Europe/Copenhagen', 'to')).toBe('2026-01-31T23:00:00.000Z');
    expect(boundToInstant('2026-01-31T10:00:00+02:00', 'Europe/Copenhagen', 'from')).toBe('2026-01-31T08:00:00.000Z');
  });

  it('refuses a series of more than 1,000 points', () => {
    expect(() => periodsBetween('2020-01-01', '2026-01-01', 'day', 'UTC')).toThrow(/more than 1000/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { churnInterval, churnRate, cohortMatrix, historicalClv, npsOf, retentionInterval, retentionRate, simpleRetentionRate } from './retention-formulas.js';

describe('churn and retention formulas (hand-computed)', () => {
  it('divides by the customers at the start, and has no rate without any', () => {
    const c = { atStart: 4, lost: 1, newCustomers: 1, atEnd: 4 };
    expect(churnRate(c)).toBe(25);
    expect(retentionRate(c)).toBe(75); // (4 − 1) ÷ 4
    expect(simpleRetentionRate(c)).toBe(100); // 4 ÷ 4
    expect(churnRate({ atStart: 3, lost: 1, newCustomers: 0, atEnd: 2 })).toBe(33.33);
    const empty = { atStart: 0, lost: 0, newCustomers: 2, atEnd: 2 };
    expect([churnRate(empty), retentionRate(empty), simpleRetentionRate(empty)]).toEqual([null, null, null]);
    expect(historicalClv(2500, 0.4)).toBe(1000);
    expect(npsOf(1, 1, 2)).toBe(0);
    expect(npsOf(0, 0, 0)).toBeNull();
    // Wilson, 1 lost of 4: z² = 3.8416, centre = (0.25 + z²/8) ÷ (1 + z²/4) = 0.372475,
    // half = z·√(0.25·0.75/4 + z²/64) ÷ (1 + z²/4) = 0.326889 → 4.56 … 69.94 %; kept 3 of 4 mirrors it.
    expect(churnInterval(c)).toEqual({ low: 4.56, high: 69.94 });
    expect(retentionInterval(c)).toEqual({ low: 30.06, high: 95.44 });
    // None lost of 4: centre = half = (z²/8) ÷ (1 + z²/4) = 0.244950 → 0 … 48.99 %.
    expect(churnInterval({ atStart: 4, lost: 0, newCustomers: 0, atEnd: 4 })).toEqual({ low: 0, high: 48.99 });
    expect(churnInterval(empty)).toEqual({ low: null, high: null });
    // More kept than there were at start (a late import): capped at all of them, not above 100 %.
    expect(retentionInterval({ atStart: 2, lost: 0, newCustomers: 0, atEnd: 3 }).high).toBe(100);
    expect(cohortMatrix([{ cohort: '2026-01', month_offset: 0, customers: 4 }, { cohort: '2026-01', month_offset: 2, customers: 1 }], 3)).toEqual([
      { cohort: '2026-01', size: 4, retention: [100, 0, 25] },
    ]);
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const d = (s: string) => new Date(`${s}T12:00:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Retention A');
  b = await buildWorkspace(t.rt.ctx, 'Retention B');
  const db = t.rt.ctx.db;
  const ws = a.workspaceId;
  // Lost (180 days after the last activity) on 2026-01-11, inside January.
  await insertCustomer(db, ws, { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2025-07-15'), npsScore: 3 });
  await insertCustomer(db, ws, { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2026-11-01'), npsScore: 10 });
  // New in January.
  await insertCustomer(db, ws, { firstSeenAt: d('2026-01-20'), lastActivityAt: d('2026-11-01'), npsScore: 8 });
  // Lost in 2025: not a customer at the start of January.
  await insertCustomer(db, ws, { firstSeenAt: d('2025-01-01'), lastActivityAt: d('2025-02-01') });
  // January's purchase cohort: one buys again in February.
  const e = await insertCustomer(db, ws, { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2026-11-01'), firstPurchaseAt: d('2026-01-10'), orderCount: 3, totalSpend: 3000, refundTotal: 500 });
  const f = await insertCustomer(db, ws, { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2026-11-01'), firstPurchaseAt: d('2026-01-25'), orderCount: 1, totalSpend: 1000 });
  await insertEvents(db, ws, e, [{ type: 'purchase', occurredAt: d('2026-01-10') }, { type: 'purchase', occurredAt: d('2026-02-05') }, { type: 'purchase', occurredAt: d('2026-02-20') }]);
  await insertEvents(db, ws, f, [{ type: 'purchase', occurredAt: d('2026-01-25') }]);
});
afterAll(async () => t?.close());

const range = 'from=2026-01-01&to=2026-03-01&interval=month';

describe('GET /metrics/churn, /metrics/retention, /metrics/clv', () => {
  it('counts customers at start, lost, new and at end per month under the lifecycle rule', async () => {
    const churn = await call<{ value: number; series: { atStart: number; lost: number; newCustomers: number; atEnd: number; value: number; low: number; high: number }[]; npsByChurn: unknown }>(
      t.app, 'GET', `/api/v1/metrics/churn?${range}`, { key: a.keys.viewer });
    expect(churn.status).toBe(200);
    expect(churn.body.series.map(({ atStart, lost, newCustomers, atEnd, value }) => ({ atStart, lost, newCustomers, atEnd, value }))).toEqual([
      { atStart: 4, lost: 1, newCustomers: 1, atEnd: 4, value: 25 },
      { atStart: 4, lost: 0, newCustomers: 0, atEnd: 4, value: 0 },
    ]);
    expect(churn.body.value).toBe(0);
    expect(churn.body.series.map((p) => [p.low, p.high])).toEqual([[4.56, 69.94], [0, 48.99]]);
    // Lost: one detractor (and one who never answered); retained: a promoter and a passive.
    expect(churn.body.npsByChurn).toEqual({ churned: -100, retained: 50, churnedAnswers: 1, retainedAnswers: 2 });
    const retention = await call<{ series: { value: number; simpleValue: number; low: number; high: number }[]; cohorts: { cohort: string; size: number; retention: (number | null)[] }[] }>(
      t.app, 'GET', `/api/v1/metrics/retention?${range}`, { key: a.keys.viewer });
    expect(retention.body.series.map((s) => [s.value, s.simpleValue])).toEqual([[75, 100], [100, 100]]);
    expect(retention.body.series.map((s) => [s.low, s.high])).toEqual([[30.06, 95.44], [51.01, 100]]);
    expect(retention.body.cohorts).toHaveLength(1);
    expect(retention.body.cohorts[0]).toMatchObject({ cohort: '2026-01', size: 2 });
    expect(retention.body.cohorts[0].retention.slice(0, 3)).toEqual([100, 50, 0]);
  });

  it('answers historical CLV with the margin applied', async () => {
    const clv = await call(t.app, 'GET', '/api/v1/metrics/clv?margin=0.5', { key: a.keys.viewer });
    expect(clv.body).toMatchObject({ value: 875, n: 2, total: 1750, median: 875, customers: 6, margin: 0.5 });
  });

  it('keeps workspaces apart and refuses bad input', async () => {
    const other = await call<{ series: { atStart: number }[] }>(t.app, 'GET', `/api/v1/metrics/churn?${range}`, { key: b.keys.viewer });
    expect(other.body.series.every((s) => s.atStart === 0)).toBe(true);
    expect((await call(t.app, 'GET', '/api/v1/metrics/clv', { key: b.keys.viewer })).body).toMatchObject({ n: 0, value: null, total: 0 });
    for (const url of ['/api/v1/metrics/churn?interval=year', '/api/v1/metrics/retention?from=2026-03-01&to=2026-01-01', '/api/v1/metrics/clv?margin=2', '/api/v1/metrics/churn?from=yesterday']) {
      const r = await call(t.app, 'GET', url, { key: a.keys.viewer });
      expect(r.status, url).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});

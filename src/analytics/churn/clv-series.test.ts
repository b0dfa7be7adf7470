import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { meanWithT, tQuantile975 } from '../metrics/statistics.js';
import type { TClvFigure } from './retention.schemas.js';

interface Point extends TClvFigure { period: string; start: string; end: string }
interface Answer {
  value: number | null;
  timeZone: string;
  from: string;
  to: string;
  period: TClvFigure;
  series: Point[];
  groups?: (TClvFigure & { key: string | null; label: string | null; vsRest: { verdict: string }; series?: Point[] })[];
  comparison?: { from: string; to: string; previous: TClvFigure; test: { verdict: string; difference: number | null } };
}

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const at = (s: string) => new Date(s);

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'CLV series A');
  b = await buildWorkspace(t.rt.ctx, 'CLV series B');
  for (const ws of [a, b]) {
    expect((await call(t.app, 'PATCH', '/api/v1/workspace', { key: ws.keys.admin, body: { timeZone: 'Europe/Copenhagen' } })).status).toBe(200);
  }
  // Base EUR; 1 USD = 0.5 EUR (both with cents, so the factor is 0.5).
  expect((await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { currencyRates: { USD: 0.5 } } })).status).toBe(200);
  const db = t.rt.ctx.db;
  // c1: 100.00 EUR at 2026-01-31 23:30 UTC = 1 February 00:30 in Copenhagen: February's, not January's.
  const c1 = await insertCustomer(db, a.workspaceId, { country: 'DK' });
  await insertEvents(db, a.workspaceId, c1, [{ type: 'purchase', occurredAt: at('2026-01-31T23:30:00Z'), amount: 10000, currency: 'EUR' }]);
  // c2: 40.00 USD = 20.00 EUR in February; a 10.00 USD refund (−5.00 EUR) at 1 March 00:30 local: March's.
  const c2 = await insertCustomer(db, a.workspaceId, { country: 'US' });
  await insertEvents(db, a.workspaceId, c2, [
    { type: 'purchase', occurredAt: at('2026-02-10T12:00:00Z'), amount: 4000, currency: 'USD' },
    { type: 'refund', occurredAt: at('2026-02-28T23:30:00Z'), amount: 1000, currency: 'USD' },
  ]);
  // c3: first purchase after February's end: a buyer only from March on.
  const c3 = await insertCustomer(db, a.workspaceId, { country: 'DK' });
  await insertEvents(db, a.workspaceId, c3, [{ type: 'purchase', occurredAt: at('2026-03-15T12:00:00Z'), amount: 3000, currency: 'EUR' }]);
  // c4 never bought; a page view is not spend.
  const c4 = await insertCustomer(db, a.workspaceId, {});
  await insertEvents(db, a.workspaceId, c4, [{ type: 'page_view', occurredAt: at('2026-02-02T12:00:00Z') }]);
  // Workspace B: a big February buyer that must never reach A's figures.
  const other = await insertCustomer(db, b.workspaceId, { country: 'DK' });
  await insertEvents(db, b.workspaceId, other, [{ type: 'purchase', occurredAt: at('2026-02-05T12:00:00Z'), amount: 990000, currency: 'EUR' }]);
}, 120_000);
afterAll(async () => t?.close());

async function clv(query: string, key = a.keys.viewer) {
  const r = await call<Answer>(t.app, 'GET', `/api/v1/metrics/clv?${query}`, { key });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('t-interval of the mean (hand-computed)', () => {
  it('uses the t table below 31 degrees of freedom and the expansion above', () => {
    expect(tQuantile975(1)).toBe(12.7062);
    expect(tQuantile975(2)).toBe(4.3027);
    expect(tQuantile975(30)).toBe(2.0423);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 4);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 4);
    // 10000 and 2000: mean 6000, sd = √(2 · 4000²) = 5656.85, half = 12.7062 · 5656.85 ÷ √2 = 12.7062 · 4000.
    const m = meanWithT({ n: 2, sum: 12000, sumSq: 10000 ** 2 + 2000 ** 2 });
    expect(m.mean).toBe(6000);
    expect(m.half).toBeCloseTo(50824.8, 6);
    expect(meanWithT({ n: 1, sum: 5, sumSq: 25 })).toEqual({ mean: 5, half: null });
    expect(meanWithT({ n: 0, sum: 0, sumSq: 0 })).toEqual({ mean: null, half: null });
  });
});

describe('GET /metrics/clv series (hand-computed)', () => {
  it('CLV at each month end in the workspace zone, two currencies, margin 0.5, with its t-interval and the revenue inside', async () => {
    const r = await clv('from=2026-01-01&to=2026-03-31&interval=month&margin=0.5');
    expect(r.timeZone).toBe('Europe/Copenhagen');
    expect(r.series.map((p) => [p.period, p.start, p.end])).toEqual([
      ['2026-01-01', '2025-12-31T23:00:00.000Z', '2026-01-31T23:00:00.000Z'],
      ['2026-02-01', '2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z'],
      ['2026-03-01', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ]);
    const [jan, feb, mar] = r.series;
    // January: c1's purchase is 1 February locally, so nobody had bought: n = 0 and no value, never 0.
    expect(jan).toMatchObject({ n: 0, value: null, low: null, high: null, marginOfError: null, smallSample: true, revenue: 0 });
    // February's end: c1 10000, c2 4000 USD × 0.5 = 2000 (the refund is March's); c3 has not bought yet.
    // mean 6000 × 0.5 = 3000; half = 12.7062 · 4000 = 50824.8 → 3000 ∓ 25412.4 → −22412 … 28412.
    expect(feb).toMatchObject({ n: 2, value: 3000, low: -22412, high: 28412, marginOfError: 25412, smallSample: true, revenue: 12000 });
    // March's end: c1 10000, c2 2000 − 500, c3 3000 → mean 14500 ÷ 3 = 4833.33; sd = √(41166666.67 ÷ 2) = 4536.89,
    // half = 4.3027 · 4536.89 ÷ √3 = 11270.37 → × 0.5: 2417, −3219 … 8052. Revenue: 3000 − 500.
    expect(mar).toMatchObject({ n: 3, value: 2417, low: -3219, high: 8052, marginOfError: 5635, revenue: 2500 });
    // The window's figure is CLV at its end, and its revenue is the sum of the months'.
    expect(r.period).toMatchObject({ n: 3, value: 2417, revenue: 14500 });
  });

  it('groups by country, each against the rest (too few to judge), with their own series', async () => {
    const r = await clv('from=2026-01-01&to=2026-03-31&interval=month&groupBy=country');
    const dk = r.groups?.find((g) => g.key === 'DK');
    const us = r.groups?.find((g) => g.key === 'US');
    // DK at March's end: 10000 and 3000 → mean 6500; US: 1500.
    expect(dk).toMatchObject({ n: 2, value: 6500, revenue: 13000 });
    expect(us).toMatchObject({ n: 1, value: 1500, low: null, high: null, revenue: 1500 });
    expect(dk?.vsRest.verdict).toBe('too_few_responses');
    expect(dk?.series?.map((p) => p.n)).toEqual([0, 1, 2]);
    expect(r.groups?.map((g) => g.key)).toEqual(['DK', 'US']);
  });

  it('groups by segment and by persona in the same one aggregate: members as grouped, everyone else in the null group', async () => {
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.admin, body: { name: 'Danes', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    expect(seg.status, JSON.stringify(seg.body)).toBe(201);
    const bySegment = await clv('from=2026-01-01&to=2026-03-31&groupBy=segment');
    expect(bySegment.groups?.map((g) => [g.key, g.label, g.n, g.value])).toEqual([[seg.body.id, 'Danes', 2, 6500], [null, null, 1, 1500]]);
    const persona = await call<{ id: string }>(t.app, 'POST', '/api/v1/personas', { key: a.keys.analyst, body: { name: 'Yankee', rules: { field: 'country', op: 'eq', value: 'US' } } });
    expect(persona.status, JSON.stringify(persona.body)).toBe(201);
    const byPersona = await clv('from=2026-01-01&to=2026-03-31&groupBy=persona');
    expect(byPersona.groups?.map((g) => [g.key, g.label, g.n, g.value])).toEqual([[persona.body.id, 'Yankee', 1, 1500], [null, null, 2, 6500]]);
  });

  it('compares with the period before: nobody had bought by 1 February, so n = 0 and no test', async () => {
    const r = await clv('from=2026-02-01&to=2026-02-28&compare=previous');
    expect(r.period).toMatchObject({ n: 2, value: 6000, revenue: 12000 });
    expect(r.comparison?.to).toBe('2026-01-31T23:00:00.000Z');
    expect(r.comparison?.previous).toMatchObject({ n: 0, value: null });
    expect(r.comparison?.test).toMatchObject({ verdict: 'too_few_responses', difference: null });
  });

  it('a day interval cuts at local midnight', async () => {
    const r = await clv('from=2026-01-31&to=2026-02-01&interval=day');
    expect(r.series.map((p) => [p.period, p.n])).toEqual([['2026-01-31', 0], ['2026-02-01', 1]]);
  });

  it('keeps workspaces apart', async () => {
    const own = await clv('from=2026-01-01&to=2026-03-31&interval=month', b.keys.viewer);
    expect(own.series.map((p) => p.n)).toEqual([0, 1, 1]);
    expect(own.series[1].value).toBe(990000);
    const mine = await clv('from=2026-01-01&to=2026-03-31&interval=month');
    expect(mine.series.every((p) => p.value === null || p.value < 100000)).toBe(true);
    // Groups come from the caller's customers only.
    const groups = await clv('from=2026-01-01&to=2026-03-31&groupBy=country', b.keys.viewer);
    expect(groups.groups?.map((g) => [g.key, g.n])).toEqual([['DK', 1]]);
  });

  it('refuses bad input with problem+json', async () => {
    for (const q of ['interval=year', 'interval=month&from=2026-03-01&to=2026-01-01', 'groupBy=survey', 'groupBy=attribute:nope', 'compare=previous',
      'interval=day&from=2000-01-01&to=2026-01-01', 'from=yesterday']) {
      const r = await call(t.app, 'GET', `/api/v1/metrics/clv?${q}`, { key: a.keys.viewer });
      expect([400, 422], q).toContain(r.status);
      expect(r.contentType, q).toContain('application/problem+json');
    }
  });
});

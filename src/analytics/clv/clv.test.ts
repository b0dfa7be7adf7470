import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { auditLog } from '../../audit/audit.tables.js';
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd } from './bg-nbd.js';
import { seededRandom } from './simulate-buyers.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

const DAY = 86_400_000;
const rnd = seededRandom(3);
/** 80 buyers: first purchase 10–60 weeks ago, 0–6 repeat purchases on distinct days; some stopped long ago. */
const buyers = Array.from({ length: 80 }, (_, i) => {
  const ageDays = 70 + Math.floor(rnd() * 350);
  const repeats = i % 4 === 0 ? 0 : 1 + Math.floor(rnd() * 6);
  const stoppedEarly = i % 5 === 1;
  const span = stoppedEarly ? Math.min(30, ageDays - 1) : ageDays - 3;
  const days = [ageDays, ...Array.from({ length: repeats }, (_, k) => ageDays - Math.round(((k + 1) / repeats) * span))];
  const orderValue = 1000 + Math.floor(rnd() * 9000);
  return { i, days, orderValue, stoppedEarly, repeats };
});
const ids = new Map<number, string>();

interface Prediction { expectedPurchases: number; probabilityAlive: number; expectedValue: number }

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'CLV A');
  b = await buildWorkspace(t.rt.ctx, 'CLV B');
  const db = t.rt.ctx.db;
  const now = Date.now();
  for (const c of buyers) {
    const id = await insertCustomer(db, a.workspaceId, {
      externalId: `b-${c.i}`,
      orderCount: c.days.length,
      totalSpend: c.orderValue * c.days.length,
      avgOrderValue: c.orderValue,
      firstPurchaseAt: new Date(now - c.days[0] * DAY),
      lastPurchaseAt: new Date(now - c.days[c.days.length - 1] * DAY),
      churnRisk: 0.9,
    });
    ids.set(c.i, id);
    await insertEvents(db, a.workspaceId, id, c.days.map((d) => ({ type: 'purchase', occurredAt: new Date(now - d * DAY), amount: c.orderValue, currency: 'EUR' })));
  }
  // A customer who never bought gets no prediction.
  ids.set(-1, await insertCustomer(db, a.workspaceId, { externalId: 'browser' }));
}, 120_000);
afterAll(async () => t?.close());

describe('predictive CLV', () => {
  it('fits BG/NBD + Gamma-Gamma to the buyers, audited, and answers the parameters', async () => {
    const r = await call<{ parameters: Record<string, number>; customers: number; repeatCustomers: number; horizonWeeks: number }>(
      t.app, 'POST', '/api/v1/analytics/clv-model/fit', { key: a.keys.analyst, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.customers).toBe(buyers.length);
    expect(r.body.repeatCustomers).toBe(buyers.filter((c) => c.repeats > 0).length);
    expect(r.body.horizonWeeks).toBe(52);
    for (const k of ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma']) expect(r.body.parameters[k]).toBeGreaterThan(0);
    // The same likelihood maximised in-process on the same summaries reaches the same maximum. (Parameters
    // are compared through the likelihood: with little drop-out in the data a and b can grow together
    // along a flat ridge, so they need not match one by one.)
    const histories = buyers.map((c) => ({ x: c.repeats, tx: (c.days[0] - c.days[c.days.length - 1]) / 7, T: c.days[0] / 7 }));
    const local = fitBgNbd(histories);
    const served = { r: r.body.parameters.r, alpha: r.body.parameters.alpha, a: r.body.parameters.a, b: r.body.parameters.b };
    const ll = histories.reduce((s, h) => s + bgNbdLogLikelihood(served, h), 0);
    expect(Math.abs(ll - local.logLikelihood)).toBeLessThan(0.05);
    expect(r.body.parameters.r).toBeCloseTo(local.parameters.r, 1);
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'clv_model.fitted')));
    expect(audit).toHaveLength(1);
  });

  it('predicts each buyer: recent repeat buyers above those who stopped, value = purchases × spend', async () => {
    const get = async (i: number, margin = 1) =>
      (await call<{ prediction: Prediction | null }>(t.app, 'GET', `/api/v1/analytics/clv-model/customers/${ids.get(i)}?margin=${margin}`, { key: a.keys.viewer })).body.prediction;
    const active = buyers.filter((c) => !c.stoppedEarly && c.repeats >= 3);
    const stopped = buyers.filter((c) => c.stoppedEarly && c.repeats >= 3 && c.days[0] > 200);
    expect(active.length > 0 && stopped.length > 0).toBe(true);
    const meanOf = async (list: typeof buyers) => (await Promise.all(list.map((c) => get(c.i)))).reduce((s, p) => s + (p?.expectedPurchases ?? 0), 0) / list.length;
    expect(await meanOf(active)).toBeGreaterThan(await meanOf(stopped));
    const one = await get(active[0].i);
    const withMargin = await get(active[0].i, 0.25);
    expect(one && withMargin).toBeTruthy();
    expect(withMargin?.expectedValue).toBe(Math.round((one?.expectedValue ?? 0) * 0.25));
    // Without a margin parameter the workspace's gross margin applies, and the answer says so.
    await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { grossMargin: 0.25 } });
    const byDefault = await call<{ margin: number; marginSource: string; prediction: Prediction | null }>(t.app, 'GET', `/api/v1/analytics/clv-model/customers/${ids.get(active[0].i)}`, { key: a.keys.viewer });
    expect(byDefault.body).toMatchObject({ margin: 0.25, marginSource: 'workspace' });
    expect(byDefault.body.prediction?.expectedValue).toBe(withMargin?.expectedValue);
    await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { grossMargin: 1 } });
    expect(one?.probabilityAlive).toBeGreaterThan(0);
    expect(one?.probabilityAlive).toBeLessThanOrEqual(1);
    expect(await get(-1)).toBeNull();
    // Its expected purchases follow the closed form with the fitted parameters.
    const state = await call<{ model: { parameters: { r: number; alpha: number; a: number; b: number } } }>(t.app, 'GET', '/api/v1/analytics/clv-model', { key: a.keys.viewer });
    const c = active[0];
    const expected = expectedPurchases(state.body.model.parameters, { x: c.repeats, tx: (c.days[0] - c.days[c.days.length - 1]) / 7, T: c.days[0] / 7 }, 52);
    expect(one?.expectedPurchases).toBeCloseTo(expected, 1);
  });

  it('adds predictive figures to GET /metrics/clv and to the at-risk list', async () => {
    const m = await call<{ value: number; predictive: { value: number; total: number; n: number; expectedPurchases: number; median: number } }>(
      t.app, 'GET', '/api/v1/metrics/clv?margin=0.5', { key: a.keys.viewer });
    expect(m.status).toBe(200);
    expect(m.body.predictive.n).toBe(buyers.length);
    expect(m.body.predictive.value).toBeCloseTo(m.body.predictive.total / buyers.length, -1);
    expect(m.body.predictive.expectedPurchases).toBeGreaterThan(0);
    const risk = await call<{ data: { id: string; clv: Prediction | null }[] }>(t.app, 'GET', '/api/v1/analytics/churn-model/at-risk?minRisk=0.5&limit=100', { key: a.keys.viewer });
    expect(risk.body.data).toHaveLength(buyers.length);
    expect(risk.body.data.every((c) => c.clv !== null && c.clv.expectedValue >= 0)).toBe(true);
  });

  it('keeps workspaces apart', async () => {
    expect((await call<{ model: unknown }>(t.app, 'GET', '/api/v1/analytics/clv-model', { key: b.keys.admin })).body.model).toBeNull();
    expect((await call<{ predictive: unknown }>(t.app, 'GET', '/api/v1/metrics/clv', { key: b.keys.admin })).body.predictive).toBeNull();
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/analytics/clv-model/customers/${ids.get(1)}` }]);
    // B has no buyers: nothing to fit.
    const fit = await call(t.app, 'POST', '/api/v1/analytics/clv-model/fit', { key: b.keys.admin, body: {} });
    expect(fit.status).toBe(422);
  });

  it('refuses bad input and roles without the permission', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/metrics/clv?margin=2', undefined],
      ['GET', '/api/v1/analytics/clv-model/customers/not-an-id', undefined],
      ['GET', `/api/v1/analytics/clv-model/customers/${ids.get(1)}?margin=-1`, undefined],
      ['POST', '/api/v1/analytics/clv-model/fit', { horizon: 10 }],
    ] as const) {
      const r = await call(t.app, method, url, { key: a.keys.analyst, ...(body ? { body } : {}) });
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(r.status, url).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'POST', '/api/v1/analytics/clv-model/fit', { key: a.keys.viewer, body: {} })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/analytics/clv-model/fit-job', { key: a.keys.agent, body: {} })).status).toBe(403);
  });

  it('fits as a background job too', async () => {
    const before = (await call<{ model: { fittedAt: string } }>(t.app, 'GET', '/api/v1/analytics/clv-model', { key: a.keys.viewer })).body.model.fittedAt;
    const r = await call<{ jobId: string | null }>(t.app, 'POST', '/api/v1/analytics/clv-model/fit-job', { key: a.keys.admin, body: {} });
    expect(r.status).toBe(202);
    let now = before;
    for (let i = 0; i < 120 && now === before; i++) {
      await new Promise((res) => setTimeout(res, 500));
      now = (await call<{ model: { fittedAt: string } }>(t.app, 'GET', '/api/v1/analytics/clv-model', { key: a.keys.viewer })).body.model.fittedAt;
    }
    expect(now).not.toBe(before);
  }, 90_000);
});

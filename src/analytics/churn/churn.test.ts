import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { defineAttributeTypes, insertCustomer } from '../../../test/customer-rows.js';
import { auditLog } from '../../audit/audit.tables.js';
import { rocAuc } from './evaluation.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Model { auc: number; n: number; heldOut: number; features: { name: string; importance: number }[]; calibration: { predicted: number; observed: number; n: number }[]; scoringJobId: string | null }
interface Listed { id: string; externalId: string | null; churnRisk: number | null; churnFactors: { factor: string; effect: number }[] | null }

// Generated customers with a known signal: month-to-month contracts, short tenure and high charges churn.
let seed = 11;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const contracts = ['Month-to-month', 'One year', 'Two year'];
const people = Array.from({ length: 600 }, (_, i) => {
  const contract = contracts[Math.floor(rnd() * 3)];
  const tenure = Math.floor(rnd() * 72);
  const monthly = 20 + Math.round(rnd() * 100);
  const z = -1.2 + (contract === 'Month-to-month' ? 1.8 : contract === 'One year' ? 0 : -1.2) - tenure / 30 + monthly / 80 + (rnd() - 0.5) * 1.5;
  return { externalId: `p-${i}`, contract, tenure, monthly, churned: rnd() < 1 / (1 + Math.exp(-z)), labelled: i % 3 !== 0 };
});

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Churn A');
  b = await buildWorkspace(t.rt.ctx, 'Churn B');
  // As the customer import stores them: Yes/No typed boolean, numbers as numbers.
  await defineAttributeTypes(t.rt.ctx.db, a.workspaceId, { Contract: 'string', tenure: 'number', MonthlyCharges: 'number', Churn: 'boolean' });
  for (const p of people) {
    await insertCustomer(t.rt.ctx.db, a.workspaceId, {
      externalId: p.externalId,
      attributes: { Contract: p.contract, tenure: p.tenure, MonthlyCharges: p.monthly, ...(p.labelled ? { Churn: p.churned } : {}) },
    });
  }
}, 120_000);
afterAll(async () => t?.close());

async function listAll(key: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let cursor: string | null = null;
  do {
    const r: { body: { data: Listed[]; nextCursor: string | null } } = await call(t.app, 'GET', `/api/v1/customers?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key });
    out.push(...r.body.data);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

async function waitForScores(key: string, total: number): Promise<Listed[]> {
  for (let i = 0; i < 120; i++) {
    const all = await listAll(key);
    if (all.filter((c) => typeof c.churnRisk === 'number').length === total) return all;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('customers were not all scored within 60 s');
}

describe('churn model', () => {
  let trained: Model;

  it('trains on the labelled customers ("Yes" matching the boolean column) and reports a held-out AUC', async () => {
    const r = await call<Model>(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: a.keys.analyst, body: { label: { attribute: 'Churn', positive: 'Yes' } } });
    expect(r.status).toBe(200);
    trained = r.body;
    expect(r.body.n).toBe(people.filter((p) => p.labelled).length);
    expect(r.body.heldOut).toBeGreaterThan(40);
    // Chance is 0.5. The held-out fifth is drawn by a hash of each customer's (random) id, so with
    // ~80 held out the AUC moves by about ±0.05 from run to run around its ~0.78: 0.65 never fails by luck.
    expect(r.body.auc).toBeGreaterThan(0.65);
    expect(r.body.features.map((f) => f.name)).toEqual(expect.arrayContaining(['Contract', 'tenure', 'MonthlyCharges']));
    expect(r.body.features.map((f) => f.name)).not.toContain('Churn');
    expect(r.body.calibration.reduce((s, bin) => s + bin.n, 0)).toBe(r.body.heldOut);
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'churn_model.trained')));
    expect(audit).toHaveLength(1);
  });

  it('scores every customer, and ranks the ones whose label was withheld by their true outcome', async () => {
    const all = await waitForScores(a.keys.viewer, people.length);
    const truth = new Map(people.filter((p) => !p.labelled).map((p) => [p.externalId, p.churned ? 1 : 0]));
    const withheld = all.filter((c) => truth.has(c.externalId ?? ''));
    expect(withheld).toHaveLength(truth.size);
    const auc = rocAuc(withheld.map((c) => c.churnRisk ?? 0), withheld.map((c) => truth.get(c.externalId ?? '') ?? 0));
    expect(auc).toBeGreaterThan(0.75);
    expect(withheld.every((c) => (c.churnFactors ?? []).length > 0)).toBe(true);
    const detail = await call<Listed>(t.app, 'GET', `/api/v1/customers/${withheld[0].id}`, { key: a.keys.viewer });
    expect(detail.body.churnRisk).toBe(withheld[0].churnRisk);
    const state = await call<{ model: { id: string; scoring: { scored: number; total: number; finishedAt: string | null } } }>(t.app, 'GET', '/api/v1/analytics/churn-model', { key: a.keys.viewer });
    expect(state.body.model.scoring).toMatchObject({ scored: people.length, total: people.length });
    expect(trained.scoringJobId).toBeTruthy();
  }, 90_000);

  it('lists customers at risk, riskiest first, and segments on churnRisk > 0.7', async () => {
    const all = await listAll(a.keys.viewer);
    const risky = all.filter((c) => (c.churnRisk ?? 0) > 0.7).length;
    expect(risky).toBeGreaterThan(0);
    const list = await call<{ data: { id: string; churnRisk: number; churnFactors: unknown[] }[] }>(t.app, 'GET', '/api/v1/analytics/churn-model/at-risk?minRisk=0.7&limit=500', { key: a.keys.agent });
    expect(list.status).toBe(200);
    expect(list.body.data.filter((c) => c.churnRisk > 0.7)).toHaveLength(risky);
    const risks = list.body.data.map((c) => c.churnRisk);
    expect(risks).toEqual([...risks].sort((x, y) => y - x));
    // Paged by cursor: small pages join up to the same list, with no row twice.
    const paged: { id: string; churnRisk: number }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string; churnRisk: number }[]; nextCursor: string | null } } = await call(t.app, 'GET', `/api/v1/analytics/churn-model/at-risk?minRisk=0.7&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: a.keys.viewer });
      paged.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged.map((c) => c.id)).toEqual(list.body.data.map((c) => c.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
    const seg = await call<{ memberCount: number }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst,
      body: { name: 'At risk', rules: { all: [{ field: 'churnRisk', op: 'gt', value: 0.7 }] } },
    });
    expect(seg.status).toBe(201);
    expect(seg.body.memberCount).toBe(risky);
  });

  it('keeps workspaces apart', async () => {
    const other = await call<{ model: unknown }>(t.app, 'GET', '/api/v1/analytics/churn-model', { key: b.keys.admin });
    expect(other.body.model).toBeNull();
    const risk = await call<{ data: unknown[] }>(t.app, 'GET', '/api/v1/analytics/churn-model/at-risk?minRisk=0', { key: b.keys.admin });
    expect(risk.body.data).toEqual([]);
    // Workspace B has no "Churn" attribute: A's cannot be trained on from B.
    const train = await call(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: b.keys.admin, body: { label: { attribute: 'Churn', positive: 'Yes' } } });
    expect(train.status).toBe(422);
    const someone = (await listAll(a.keys.viewer))[0];
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/customers/${someone.id}` }]);
  });

  it('refuses bad input and roles without the permission', async () => {
    for (const body of [{ label: { attribute: 'Churn' } }, { label: { attribute: '', positive: 'Yes' } }, { label: 'Churn' }, { labels: {} }]) {
      const r = await call(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: a.keys.analyst, body });
      expect(r.status).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    const unknown = await call(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: a.keys.analyst, body: { label: { attribute: 'Nope', positive: 'Yes' } } });
    expect(unknown.status).toBe(422);
    // No customer holds the value "Maybe": one class only, nothing to learn.
    const oneClass = await call(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: a.keys.analyst, body: { label: { attribute: 'Contract', positive: 'Maybe' } } });
    expect(oneClass.status).toBe(422);
    expect((await call(t.app, 'GET', '/api/v1/analytics/churn-model/at-risk?minRisk=2', { key: a.keys.viewer })).status).toBe(400);
    const forged = Buffer.from(JSON.stringify([1, 'churn:atRisk', 'high', 'x'])).toString('base64url');
    for (const cursor of ['garbage', forged]) {
      const r = await call(t.app, 'GET', `/api/v1/analytics/churn-model/at-risk?cursor=${cursor}`, { key: a.keys.viewer });
      expect(r.status).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: a.keys.viewer, body: {} })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/analytics/churn-model/train-job', { key: a.keys.agent, body: {} })).status).toBe(403);
  });

  it('trains as a background job too (the dashboard button), audited when queued', async () => {
    const before = (await call<{ model: { id: string } }>(t.app, 'GET', '/api/v1/analytics/churn-model', { key: a.keys.viewer })).body.model.id;
    const r = await call<{ jobId: string | null }>(t.app, 'POST', '/api/v1/analytics/churn-model/train-job', { key: a.keys.admin, body: { label: { attribute: 'Churn', positive: 'true' } } });
    expect(r.status).toBe(202);
    let now = before;
    for (let i = 0; i < 120 && now === before; i++) {
      await new Promise((res) => setTimeout(res, 500));
      now = (await call<{ model: { id: string } }>(t.app, 'GET', '/api/v1/analytics/churn-model', { key: a.keys.viewer })).body.model.id;
    }
    expect(now).not.toBe(before);
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'churn_model.training_queued')));
    expect(audit).toHaveLength(1);
  }, 90_000);
});

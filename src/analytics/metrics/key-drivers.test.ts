import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs several engineers' suites at once: give each test room (timings here mean nothing).
vi.setConfig({ testTimeout: 120_000 });
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { defineAttributeTypes, insertCustomer } from '../../../test/customer-rows.js';
import { insertResponses } from '../../../test/response-rows.js';
import { BRANCHING_SURVEY, NPS_SURVEY } from '../../surveys/test-kit.js';
import type { TKeyDrivers } from './key-drivers.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let customers: string[];
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Drivers');
  b = await buildWorkspace(t.rt.ctx, 'Other');
  await defineAttributeTypes(t.rt.ctx.db, a.workspaceId, { tenure: 'number', isPro: 'boolean', plan: 'string', since: 'date', city: 'string' });
  // formulas.md's worked example: x2 = tenure 2,1,4,3,5; plan Free/Pro as isPro 0,1,0,1,1.
  const tenure = [2, 1, 4, 3, 5];
  const isPro = [false, true, false, true, true];
  customers = [];
  for (let i = 0; i < 5; i++) {
    customers.push(await insertCustomer(t.rt.ctx.db, a.workspaceId, {
      attributes: { tenure: tenure[i], isPro: isPro[i], plan: isPro[i] ? 'Pro' : 'Free', since: '2025-01-01', city: `c${i}` },
    }));
  }
}, 240_000);
afterAll(async () => t?.close());

async function survey(body: object): Promise<string> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin });
  return c.body.id;
}
const createdAt = new Date('2026-02-01T10:00:00Z');
const y = [1, 3, 2, 5, 4];
async function drivers(url: string): Promise<TKeyDrivers> {
  const r = await call<TKeyDrivers>(t.app, 'GET', `/api/v1/metrics/key-drivers${url}`, { key: a.keys.viewer });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('GET /metrics/key-drivers with customer attributes (hand-computed)', () => {
  it('a numeric attribute beside a question: R² = 346/360, LMG csat 0.7556, tenure 0.2056', async () => {
    const id = await survey(BRANCHING_SURVEY);
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [
      ...y.map((nps, i) => ({ answers: { nps, csat: i + 1 }, customerId: customers[i], createdAt })),
      // Anonymous: no attributes, so not a complete case once tenure is asked for.
      { answers: { nps: 9, csat: 5 }, createdAt },
    ]);
    const r = await drivers(`?surveyId=${id}&attributes=tenure`);
    expect(r.n).toBe(5);
    expect(r.responses).toBe(6);
    expect(r.r2).toBeCloseTo(346 / 360, 4);
    const [first, second] = r.drivers;
    expect(first).toMatchObject({ key: 'csat', source: 'question', direction: 'positive' });
    expect(first.r2Points).toBeCloseTo(0.7556, 4);
    expect(second).toMatchObject({ key: 'attribute:tenure', label: 'tenure', type: 'number', source: 'attribute', reference: null, direction: 'positive', coverage: 5 });
    expect(second.r2Points).toBeCloseTo(0.2056, 4);
    expect(second.r2Alone).toBeCloseTo(0.09, 4);
    expect(second.importance).toBeCloseTo((100 * 0.205556) / (346 / 360), 1);
    expect(r.excluded.map((e) => e.key)).toContain('ces');
  });

  it('a boolean as 0/1 and a text attribute as "plan = Free" against the most common level: r² = 9/12', async () => {
    const id = await survey(NPS_SURVEY);
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, y.map((q1, i) => ({ answers: { q1 }, customerId: customers[i], createdAt })));
    // By hand: x̄ = 0.6, ȳ = 3, Sxy = 3, Sxx = 1.2, Syy = 10 → r² = 9 / 12 = 0.75.
    const bool = await drivers(`?surveyId=${id}&attributes=isPro`);
    expect(bool.drivers).toHaveLength(1);
    expect(bool.drivers[0]).toMatchObject({ key: 'attribute:isPro', type: 'boolean', importance: 100, direction: 'positive' });
    expect(bool.drivers[0].r2Points).toBeCloseTo(0.75, 4);
    const text = await drivers(`?surveyId=${id}&attributes=plan,since`);
    expect(text.drivers).toHaveLength(1);
    expect(text.drivers[0]).toMatchObject({ key: 'attribute:plan=Free', label: 'plan = Free', type: 'category', reference: 'Pro', direction: 'negative' });
    expect(text.drivers[0].r2Points).toBeCloseTo(0.75, 4);
    expect(text.excluded.find((e) => e.key === 'attribute:since')?.reason).toMatch(/date/);
    // Five customers, five cities: four dummies and the intercept fit every score (R² = 1), shares sum to 100.
    const city = await drivers(`?surveyId=${id}&attributes=city`);
    expect(city.drivers).toHaveLength(4);
    expect(city.r2).toBeCloseTo(1, 4);
    expect(city.drivers.reduce((s, d) => s + d.importance, 0)).toBeCloseTo(100, 0);
    expect(city.drivers.every((d) => d.reference === 'c0' && d.label.startsWith('city = '))).toBe(true);
  });

  it('a text attribute with more than 8 values is left out with its reason; one with exactly 8 enters as 7 dummies', async () => {
    await defineAttributeTypes(t.rt.ctx.db, a.workspaceId, { region: 'string', zone: 'string' });
    // Nine respondents: region r0…r8 has 9 values (over MAX_LEVELS = 8); zone z0…z7 with z0 twice has exactly 8.
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push(await insertCustomer(t.rt.ctx.db, a.workspaceId, { attributes: { region: `r${i}`, zone: `z${i % 8}` } }));
    const id = await survey(NPS_SURVEY);
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, ids.map((customerId, i) => ({ answers: { q1: i + 1 }, customerId, createdAt })));
    const r = await drivers(`?surveyId=${id}&attributes=region,zone`);
    const region = r.excluded.find((e) => e.key === 'attribute:region');
    expect(region?.reason).toBe('9 different values (at most 8 enter as categories)');
    expect(r.drivers.some((d) => d.key.startsWith('attribute:region'))).toBe(false);
    expect(r.excluded.some((e) => e.key === 'attribute:zone')).toBe(false);
    const zone = r.drivers.filter((d) => d.key.startsWith('attribute:zone='));
    expect(zone).toHaveLength(7);
    expect(zone.every((d) => d.reference === 'z0')).toBe(true);
  });

  it('unknown or malformed attribute → problem+json; another workspace → 404 / its own attributes only', async () => {
    const id = await survey(NPS_SURVEY);
    const unknown = await call(t.app, 'GET', `/api/v1/metrics/key-drivers?surveyId=${id}&attributes=tenure,nope`, { key: a.keys.viewer });
    expect(unknown.status).toBe(422);
    expect(unknown.contentType).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(unknown.body)).toMatch(/nope/);
    const malformed = await call(t.app, 'GET', `/api/v1/metrics/key-drivers?surveyId=${id}&attributes=1bad`, { key: a.keys.viewer });
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toMatch(/application\/problem\+json/);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/metrics/key-drivers?surveyId=${id}&attributes=tenure` }]);
    const own = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: b.keys.admin, body: NPS_SURVEY });
    // Workspace b has not defined "tenure": a's definition does not leak into b.
    const other = await call(t.app, 'GET', `/api/v1/metrics/key-drivers?surveyId=${own.body.id}&attributes=tenure`, { key: b.keys.admin });
    expect(other.status).toBe(422);
  });
});

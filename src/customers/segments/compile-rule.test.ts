import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { daysAgo, defineAttributeTypes, insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { selectRows } from '../../platform/db/client.js';
import { compileRule, liveCustomers } from './compile-rule.js';
import { loadCompileEnv } from './segment-graph.js';
import { MAX_RULE_CONDITIONS, parseRule } from './rules.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const c: Record<string, string> = {};
const name: Record<string, string> = {};

/** The customers of workspace A a rule matches, by their names in this file. */
async function matching(doc: unknown): Promise<string[]> {
  const parsed = parseRule(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const where = compileRule(parsed.rule, await loadCompileEnv(t.rt.ctx.db, a.workspaceId));
  const rows = await selectRows<{ id: string }>(t.rt.ctx.db, sql`select c.id from customers c where ${liveCustomers(a.workspaceId)} and ${where}`);
  return rows.map((r) => name[r.id]).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Rules A');
  b = await buildWorkspace(t.rt.ctx, 'Rules B');
  const db = t.rt.ctx.db;
  const ws = a.workspaceId;
  await defineAttributeTypes(db, ws, { plan: 'string', seats: 'number', beta: 'boolean', renewal: 'date' });
  c.anna = await insertCustomer(db, ws, {
    name: 'Anna', email: 'anna@acme.dk', country: 'DK', orderCount: 3, totalSpend: 55_000, lastActivityAt: daysAgo(10),
    lifecycleStage: 'active', npsScore: 10, npsCategory: 'promoter', marketingConsent: true,
    attributes: { plan: 'pro', seats: 12, beta: true, renewal: '2025-01-15' },
  });
  c.bo = await insertCustomer(db, ws, {
    name: 'Bo', email: 'bo@example.se', country: 'SE', orderCount: 1, lastActivityAt: daysAgo(100), lifecycleStage: 'at_risk',
    npsScore: 3, npsCategory: 'detractor', attributes: { plan: 'free', seats: '4', beta: false, renewal: 'soon' },
  });
  c.carl = await insertCustomer(db, ws, { name: 'Carl', country: 'DE', orderCount: 0, lifecycleStage: 'new', attributes: { plan: 'pro', seats: 'n/a' } });
  c.dana = await insertCustomer(db, ws, { name: 'Dana', orderCount: 5, lastActivityAt: daysAgo(1), lifecycleStage: 'reactivated' });
  // Never in any result: merged away, erased, or in another workspace.
  c.merged = await insertCustomer(db, ws, { name: 'Merged', country: 'DK', orderCount: 9, mergedInto: c.anna });
  c.erased = await insertCustomer(db, ws, { country: 'DK', orderCount: 9, erasedAt: new Date() });
  c.other = await insertCustomer(db, b.workspaceId, { name: 'Other', country: 'DK', orderCount: 9 });
  for (const [k, id] of Object.entries(c)) name[id] = k;

  await insertEvents(db, ws, c.anna, [
    { type: 'purchase', occurredAt: daysAgo(10), channel: 'web', amount: 20_000, currency: 'EUR' },
    { type: 'purchase', occurredAt: daysAgo(30), channel: 'store', amount: 30_000, currency: 'EUR' },
    { type: 'purchase', occurredAt: daysAgo(200), channel: 'web', amount: 5_000, currency: 'EUR' },
  ]);
  await insertEvents(db, ws, c.bo, [
    { type: 'purchase', occurredAt: daysAgo(100), channel: 'web', amount: 9_000, currency: 'SEK' },
    { type: 'purchase', occurredAt: daysAgo(5), channel: 'web', amount: 1_000, currency: 'SEK' },
  ]);
  await insertEvents(db, ws, c.dana, [
    { type: 'purchase', occurredAt: daysAgo(120), amount: 7_000, currency: 'EUR' },
    { type: 'purchase', occurredAt: daysAgo(150), amount: 7_000, currency: 'EUR' },
    { type: 'support_case_opened', occurredAt: daysAgo(3), channel: 'phone', properties: { team: 'billing', caseId: 'C-1' } },
  ]);
  await insertEvents(db, ws, c.merged, [{ type: 'purchase', occurredAt: daysAgo(1), amount: 1, currency: 'EUR' }]);
});
afterAll(async () => t?.close());

describe('profile fields and traits', () => {
  it.each([
    [{ field: 'country', op: 'eq', value: 'DK' }, ['anna']],
    [{ field: 'country', op: 'neq', value: 'DK' }, ['bo', 'carl', 'dana']],
    [{ field: 'country', op: 'in', value: ['DK', 'SE'] }, ['anna', 'bo']],
    [{ field: 'country', op: 'not_in', value: ['DK', 'SE'] }, ['carl', 'dana']],
    [{ field: 'country', op: 'exists' }, ['anna', 'bo', 'carl']],
    [{ field: 'country', op: 'not_exists' }, ['dana']],
    [{ field: 'email', op: 'contains', value: 'ACME' }, ['anna']],
    [{ field: 'orderCount', op: 'gte', value: 2 }, ['anna', 'dana']],
    [{ field: 'orderCount', op: 'between', value: [1, 3] }, ['anna', 'bo']],
    [{ field: 'orderCount', op: 'lt', value: 0.5 }, ['carl']],
    [{ field: 'totalSpend', op: 'gt', value: 50_000 }, ['anna']],
    [{ field: 'lifecycleStage', op: 'in', value: ['active', 'reactivated'] }, ['anna', 'dana']],
    [{ field: 'npsCategory', op: 'eq', value: 'promoter' }, ['anna']],
    [{ field: 'npsScore', op: 'lte', value: 6 }, ['bo']],
    [{ field: 'marketingConsent', op: 'eq', value: true }, ['anna']],
    [{ field: 'lastActivityAt', op: 'withinLastDays', value: 30 }, ['anna', 'dana']],
    [{ field: 'lastActivityAt', op: 'before', value: daysAgo(60).toISOString().slice(0, 10) }, ['bo']],
    [{ field: 'lastActivityAt', op: 'after', value: daysAgo(20).toISOString() }, ['anna', 'dana']],
    [{ field: 'daysSinceLastActivity', op: 'gt', value: 90 }, ['bo']],
    [{ field: 'daysSinceLastActivity', op: 'not_exists' }, ['carl']],
  ])('%j', async (rule, expected) => {
    expect(await matching(rule)).toEqual(expected);
  });
});

describe('groups', () => {
  it('combines AND, OR and NOT, and NOT is the exact complement even where values are missing', async () => {
    const dkOrSe = { any: [{ field: 'country', op: 'eq', value: 'DK' }, { field: 'country', op: 'eq', value: 'SE' }] };
    expect(await matching({ all: [dkOrSe, { not: { field: 'lifecycleStage', op: 'eq', value: 'at_risk' } }] })).toEqual(['anna']);
    expect(await matching({ not: { field: 'country', op: 'eq', value: 'DK' } })).toEqual(['bo', 'carl', 'dana']);
    expect(await matching({ not: { field: 'daysSinceLastActivity', op: 'gt', value: 90 } })).toEqual(['anna', 'carl', 'dana']);
    expect(await matching({ all: [] })).toEqual(['anna', 'bo', 'carl', 'dana']);
    expect(await matching({ not: { all: [] } })).toEqual([]);
  });
});

describe('custom attributes, typed by the workspace definitions', () => {
  it.each([
    [{ attribute: 'plan', op: 'eq', value: 'pro' }, ['anna', 'carl']],
    [{ attribute: 'plan', op: 'neq', value: 'pro' }, ['bo', 'dana']],
    [{ attribute: 'plan', op: 'in', value: ['free', 'team'] }, ['bo']],
    [{ attribute: 'plan', op: 'contains', value: 'RO' }, ['anna', 'carl']],
    [{ attribute: 'seats', op: 'gt', value: 10 }, ['anna']],
    // "4" stored as text still counts as a number; "n/a" is treated as missing instead of failing.
    [{ attribute: 'seats', op: 'lt', value: 5 }, ['bo']],
    [{ attribute: 'seats', op: 'exists' }, ['anna', 'bo']],
    [{ attribute: 'beta', op: 'eq', value: true }, ['anna']],
    [{ attribute: 'beta', op: 'eq', value: false }, ['bo']],
    [{ attribute: 'renewal', op: 'before', value: '2025-02-01' }, ['anna']],
    [{ attribute: 'renewal', op: 'after', value: '2025-02-01' }, []],
    [{ attribute: 'renewal', op: 'exists' }, ['anna']],
    [{ attribute: 'undefinedKey', op: 'eq', value: 'x' }, []],
  ])('%j', async (rule, expected) => {
    expect(await matching(rule)).toEqual(expected);
  });
});

describe('event aggregates', () => {
  it.each([
    // ≥ 2 purchases in 90 days: Anna has 2 inside the window, Bo 1 inside + 1 outside, Dana 2 outside.
    [{ event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 2 }, ['anna']],
    [{ event: { type: 'purchase' }, measure: 'count', op: 'gte', value: 2 }, ['anna', 'bo', 'dana']],
    [{ event: { type: 'purchase', withinDays: 90 }, op: 'gte', value: 1 }, ['anna', 'bo']],
    [{ event: { type: 'purchase', withinDays: 90 }, op: 'eq', value: 0 }, ['carl', 'dana']],
    [{ event: { type: 'purchase', withinDays: 90 }, op: 'lt', value: 1 }, ['carl', 'dana']],
    [{ event: { type: 'purchase', withinDays: 90 }, op: 'between', value: [1, 1] }, ['bo']],
    [{ event: { type: 'purchase', withinDays: 90 }, measure: 'sum', op: 'gte', value: 40_000 }, ['anna']],
    [{ event: { type: 'purchase', withinDays: 90, where: { channel: 'web' } }, measure: 'sum', op: 'gte', value: 1_000 }, ['anna', 'bo']],
    [{ event: { type: 'purchase', where: { currency: 'SEK' } }, measure: 'sum', op: 'eq', value: 10_000 }, ['bo']],
    [{ event: { type: 'purchase', where: { channel: ['store', 'phone'] } }, op: 'gte', value: 1 }, ['anna']],
    [{ event: { type: 'support_case_opened', where: { properties: { team: 'billing' } } }, op: 'gte', value: 1 }, ['dana']],
    [{ event: { type: 'support_case_opened', where: { properties: { team: 'sales' } } }, op: 'gte', value: 1 }, []],
  ])('%j', async (rule, expected) => {
    expect(await matching(rule)).toEqual(expected);
  });
});

describe('segment membership and validation through the API', () => {
  it('matches members of another segment, and rejects cycles and self-reference', async () => {
    const dk = await call<{ id: string; memberCount: number }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst, body: { name: 'Denmark', rules: { field: 'country', op: 'eq', value: 'DK' } },
    });
    expect(dk.status).toBe(201);
    expect(dk.body.memberCount).toBe(1);
    expect(await matching({ segment: dk.body.id, op: 'in' })).toEqual(['anna']);
    expect(await matching({ segment: dk.body.id, op: 'not_in' })).toEqual(['bo', 'carl', 'dana']);

    const loyal = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst, body: { name: 'Loyal Danes', rules: { all: [{ segment: dk.body.id, op: 'in' }, { field: 'orderCount', op: 'gte', value: 2 }] } },
    });
    expect(loyal.status).toBe(201);
    const cycle = await call<{ errors: { path: string; message: string }[] }>(t.app, 'PATCH', `/api/v1/segments/${dk.body.id}`, {
      key: a.keys.analyst, body: { rules: { segment: loyal.body.id, op: 'in' } },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0].message).toContain('cycle');
    const self = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', `/api/v1/segments/${dk.body.id}`, {
      key: a.keys.analyst, body: { rules: { any: [{ field: 'country', op: 'eq', value: 'SE' }, { segment: dk.body.id }] } },
    });
    expect(self.status).toBe(422);
    expect(self.body.errors.map((e) => e.path)).toContain('body.rules.any.1.segment');
  });

  it('points every validation error at its path in the rule document', async () => {
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst,
      body: {
        name: 'Bad',
        rules: {
          all: [
            { field: 'country', op: 'gt', value: 3 },
            { field: 'shoeSize', op: 'eq', value: 44 },
            { any: [{ event: { type: 'purchase', withinDays: 0 }, op: 'gte', value: 'two' }] },
            { field: 'orderCount', op: 'between', value: [5, 1] },
            { segment: 'not-a-uuid' },
            { field: 'lifecycleStage', op: 'eq', value: 'zombie' },
            { field: 'toString', op: 'eq', value: 'x' },
            'country = DK',
          ],
        },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining([
      'body.rules.all.0.op', 'body.rules.all.1.field', 'body.rules.all.2.any.0.event.withinDays', 'body.rules.all.2.any.0.value',
      'body.rules.all.3.value', 'body.rules.all.4.segment', 'body.rules.all.5.value', 'body.rules.all.6.field', 'body.rules.all.7',
    ]));

    const attr = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/segments/preview', {
      key: a.keys.viewer,
      body: { rules: { any: [{ attribute: 'seats', op: 'contains', value: '1' }, { attribute: 'shoeSize', op: 'eq', value: 1 }, { segment: '01900000-0000-7000-8000-000000000000' }] } },
    });
    expect(attr.status).toBe(422);
    expect(attr.body.errors.map((e) => e.path)).toEqual(['body.rules.any.0.op', 'body.rules.any.1.attribute', 'body.rules.any.2.segment']);
  });

  it('limits nesting depth and the number of conditions', () => {
    let deep: unknown = { field: 'country', op: 'eq', value: 'DK' };
    for (let i = 0; i < 6; i++) deep = { all: [deep] };
    const d = parseRule(deep);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.issues[0].path).toEqual(['all', 0, 'all', 0, 'all', 0, 'all', 0, 'all', 0]);
    const many = parseRule({ any: Array.from({ length: MAX_RULE_CONDITIONS + 1 }, () => ({ field: 'country', op: 'eq', value: 'DK' })) });
    expect(many.ok).toBe(false);
    expect(!many.ok && many.issues[0].path).toEqual(['any', MAX_RULE_CONDITIONS]);
    expect(parseRule({ all: [{ field: 'country', op: 'eq', value: 'DK' }], any: [] }).ok).toBe(false);
  });
});

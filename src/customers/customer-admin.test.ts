import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/audit.tables.js';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Definition {
  key: string;
  type: string;
  label: string;
}

describe('customer attributes', () => {
  it('defines an attribute, relabels it, and refuses a type change the stored values do not fit', async () => {
    const created = await call<Definition>(t.app, 'PUT', '/api/v1/customer-attributes/monthlyCharges', { key: a.keys.analyst, body: { type: 'number' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'monthlyCharges', type: 'number', label: 'Monthly charges' });
    const relabel = await call<Definition>(t.app, 'PUT', '/api/v1/customer-attributes/monthlyCharges', { key: a.keys.analyst, body: { type: 'number', label: 'Monthly €' } });
    expect(relabel.status).toBe(200);
    expect(relabel.body.label).toBe('Monthly €');

    await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { externalId: 'attr-1', attributes: { monthlyCharges: 29.85 } } });
    const toBool = await call(t.app, 'PUT', '/api/v1/customer-attributes/monthlyCharges', { key: a.keys.analyst, body: { type: 'boolean' } });
    expect(toBool.status).toBe(409);
    const toString = await call(t.app, 'PUT', '/api/v1/customer-attributes/tier', { key: a.keys.analyst, body: { type: 'string' } });
    expect(toString.status).toBe(201);

    const listed = await call<{ data: Definition[] }>(t.app, 'GET', '/api/v1/customer-attributes', { key: a.keys.viewer });
    expect(listed.body.data.map((d) => `${d.key}:${d.type}`)).toEqual(['monthlyCharges:number', 'tier:string']);
    const other = await call<{ data: Definition[] }>(t.app, 'GET', '/api/v1/customer-attributes', { key: b.keys.viewer });
    expect(other.body.data).toEqual([]);
  });

  it('refuses agents and bad input', async () => {
    expect((await call(t.app, 'PUT', '/api/v1/customer-attributes/x', { key: a.keys.agent, body: { type: 'string' } })).status).toBe(403);
    for (const [key, body] of [['ok', { type: 'money' }], ['ok', {}], ['9lives', { type: 'string' }], ['has space', { type: 'string' }]] as const) {
      const r = await call(t.app, 'PUT', `/api/v1/customer-attributes/${encodeURIComponent(key)}`, { key: a.keys.admin, body });
      expect(r.status, key).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});

describe('customer settings', () => {
  it('shows defaults, lets admins change thresholds and rates (audited), and validates them', async () => {
    const d = await call<Record<string, unknown>>(t.app, 'GET', '/api/v1/customer-settings', { key: a.keys.viewer });
    expect(d.body).toMatchObject({ newWithinDays: 30, atRiskAfterDays: 90, churnedAfterDays: 180, currencyRates: {}, baseCurrency: 'EUR' });
    const r = await call<Record<string, unknown>>(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { churnedAfterDays: 365, currencyRates: { DKK: 0.134 } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ atRiskAfterDays: 90, churnedAfterDays: 365, currencyRates: { DKK: 0.134 } });
    expect((await call<Record<string, unknown>>(t.app, 'GET', '/api/v1/customer-settings', { key: b.keys.viewer })).body.churnedAfterDays).toBe(180);

    expect((await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.analyst, body: { newWithinDays: 10 } })).status).toBe(403);
    for (const body of [{}, { atRiskAfterDays: 400 }, { newWithinDays: 0 }, { currencyRates: { dkk: 1 } }, { currencyRates: { EUR: 2 } }, { currencyRates: { USD: -1 } }]) {
      const bad = await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.contentType).toContain('application/problem+json');
    }
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'customer_settings.updated')));
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ churnedAfterDays: 365 });
  });
});

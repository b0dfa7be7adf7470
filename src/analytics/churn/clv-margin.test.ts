import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer } from '../../../test/customer-rows.js';
import { auditLog } from '../../audit/audit.tables.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const d = (s: string) => new Date(`${s}T12:00:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Margin A');
  b = await buildWorkspace(t.rt.ctx, 'Margin B');
  // One buyer in each workspace with a net spend of 200 (minor units).
  for (const ws of [a.workspaceId, b.workspaceId]) {
    await insertCustomer(t.rt.ctx.db, ws, { firstSeenAt: d('2026-01-01'), lastActivityAt: d('2026-01-10'), firstPurchaseAt: d('2026-01-10'), orderCount: 1, totalSpend: 250, refundTotal: 50 });
  }
});
afterAll(async () => t?.close());

interface Clv { value: number | null; total: number; margin: number; marginSource: string; formula: string }
const clv = (ws: TestWorkspace, query = '') => call<Clv>(t.app, 'GET', `/api/v1/metrics/clv${query}`, { key: ws.keys.viewer });

describe('workspace gross margin for CLV', () => {
  it('applies the workspace margin when the request names none, and says which margin it used', async () => {
    // Before any setting: margin 1, so CLV is the net spend itself.
    expect((await clv(a)).body).toMatchObject({ value: 200, total: 200, margin: 1, marginSource: 'workspace' });
    const set = await call<{ grossMargin: number }>(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { grossMargin: 0.25 } });
    expect(set.status).toBe(200);
    expect(set.body.grossMargin).toBe(0.25);
    expect((await call<{ grossMargin: number }>(t.app, 'GET', '/api/v1/customer-settings', { key: a.keys.viewer })).body.grossMargin).toBe(0.25);
    // 200 × 0.25 = 50.
    const r = await clv(a);
    expect(r.body).toMatchObject({ value: 50, total: 50, margin: 0.25, marginSource: 'workspace' });
    expect(r.body.formula).toContain('0.25');
    // The parameter wins over the setting: 200 × 0.5 = 100.
    expect((await clv(a, '?margin=0.5')).body).toMatchObject({ value: 100, total: 100, margin: 0.5, marginSource: 'query' });
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'customer_settings.updated')));
    expect(audit.map((x) => x.details)).toEqual([{ grossMargin: 0.25 }]);
  });

  it('keeps the setting inside its workspace', async () => {
    expect((await clv(b)).body).toMatchObject({ value: 200, margin: 1, marginSource: 'workspace' });
    expect((await call<{ grossMargin: number }>(t.app, 'GET', '/api/v1/customer-settings', { key: b.keys.viewer })).body.grossMargin).toBe(1);
  });

  it('lets only admins change it and refuses margins outside 0 < m ≤ 1 as problem+json', async () => {
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys[role], body: { grossMargin: 0.5 } })).status, role).toBe(403);
    }
    for (const grossMargin of [0, -0.1, 1.5, 25, '0.3', null]) {
      const bad = await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { grossMargin } });
      expect(bad.status, JSON.stringify(grossMargin)).toBe(422);
      expect(bad.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { grossMargin: 1 } })).status).toBe(200);
    expect((await clv(a)).body).toMatchObject({ value: 200, margin: 1, marginSource: 'workspace' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, loginAs, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Entry {
  id: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}
type Page = { data: Entry[]; nextCursor: string | null };

const auditLog = async (key: string, query = '') => (await call<Page>(t.app, 'GET', `/api/v1/audit-log${query}`, { key })).body;

describe('audit log', () => {
  it('records who did what from where, newest first', async () => {
    const owner = await loginAs(t.app, a.email, a.password);
    const headers = { 'user-agent': 'audit-test/1.0', 'x-forwarded-for': '203.0.113.9' };
    const key = await call<{ id: string }>(t.app, 'POST', '/api/v1/api-keys', { session: owner, headers, body: { name: 'Zapier', role: 'viewer' } });
    await call(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.admin, body: { name: 'Acme A/S' } });

    const { data } = await auditLog(a.keys.admin, '?limit=5');
    expect(data[0]).toMatchObject({ action: 'workspace.updated', actorType: 'api_key', actorLabel: expect.stringContaining('admin key'), details: { name: 'Acme A/S' } });
    expect(data[1]).toMatchObject({
      action: 'api_key.created',
      actorType: 'user',
      actorId: a.ownerId,
      actorLabel: a.email,
      targetType: 'api_key',
      targetId: key.body.id,
      // TRUST_PROXY is off, so a forwarded-for header cannot fake the address.
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      details: { name: 'Zapier', role: 'viewer' },
    });
    expect(Date.parse(data[1].createdAt)).toBeLessThanOrEqual(Date.parse(data[0].createdAt));
  });

  it('filters by action prefix (underscores are literal) and by actor', async () => {
    await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: a.email, password: 'wrong password' } });
    const failed = await auditLog(a.keys.admin, '?action=auth.login_failed');
    expect(failed.data.length).toBeGreaterThan(0);
    expect(new Set(failed.data.map((e) => e.action))).toEqual(new Set(['auth.login_failed']));
    // '_' must not act as a one-character wildcard.
    expect((await auditLog(a.keys.admin, '?action=auth.login_')).data.every((e) => e.action.startsWith('auth.login_'))).toBe(true);
    const logins = await auditLog(a.keys.admin, '?action=auth.');
    expect(logins.data.every((e) => e.action.startsWith('auth.'))).toBe(true);

    const viewer = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    await loginAs(t.app, viewer.email, viewer.password);
    const byViewer = await auditLog(a.keys.admin, `?actorId=${viewer.userId}`);
    expect(byViewer.data.map((e) => e.action)).toEqual(['auth.login']);
  });

  it('pages with before/limit and nextCursor', async () => {
    const all = await auditLog(a.keys.admin, '?limit=200');
    expect(all.data.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await auditLog(a.keys.admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((e) => e.id));
  });

  it('is for owners and admins of the workspace only', async () => {
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'GET', '/api/v1/audit-log', { key: a.keys[role] })).status).toBe(403);
    }
    const aIds = new Set((await auditLog(a.keys.admin, '?limit=200')).data.map((e) => e.id));
    const bPage = await auditLog(b.keys.admin, '?limit=200');
    expect(bPage.data.length).toBeGreaterThan(0);
    expect(bPage.data.filter((e) => aIds.has(e.id))).toEqual([]);
    expect((await auditLog(b.keys.admin, `?actorId=${a.ownerId}`)).data).toEqual([]);
  });

  it('answers bad input with 400 problem+json', async () => {
    for (const q of ['?limit=0', '?limit=201', '?limit=ten', '?actorId=me', '?cursor=yesterday', `?action=${'x'.repeat(101)}`]) {
      const r = await call<{ errors: { path: string }[] }>(t.app, 'GET', `/api/v1/audit-log${q}`, { key: a.keys.admin });
      expect(r.status, q).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.errors[0].path).toMatch(/^querystring\./);
    }
  });
});

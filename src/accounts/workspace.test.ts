import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, loginAs, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: string;
  baseCurrency: string;
  createdAt: string;
}

describe('workspace settings', () => {
  it('shows the caller’s own workspace to every role', async () => {
    const r = await call<Workspace>(t.app, 'GET', '/api/v1/workspace', { key: a.keys.viewer });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: a.workspaceId, name: 'Acme', timeZone: 'UTC', defaultLanguage: 'en', baseCurrency: 'EUR' });
    expect((await call<Workspace>(t.app, 'GET', '/api/v1/workspace', { key: b.keys.viewer })).body.id).toBe(b.workspaceId);
  });

  it('lets owners and admins change settings, audited, and only in their own workspace', async () => {
    const patch = { name: 'Acme Nordic', timeZone: 'Europe/Copenhagen', defaultLanguage: 'da', baseCurrency: 'DKK' };
    const r = await call<Workspace>(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.admin, body: patch });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: a.workspaceId, ...patch });
    expect((await call<Workspace>(t.app, 'GET', '/api/v1/workspace', { key: b.keys.viewer })).body).toMatchObject({ name: 'Beta', timeZone: 'UTC' });
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys[role], body: { name: 'Hijacked' } })).status).toBe(403);
    }
    const log = await call<{ data: { action: string; actorType: string; targetId: string; details: Record<string, unknown> }[] }>(
      t.app, 'GET', '/api/v1/audit-log?action=workspace.updated', { key: a.keys.admin });
    expect(log.body.data[0]).toMatchObject({ actorType: 'api_key', targetId: a.workspaceId, details: patch });
    expect((await call<{ data: unknown[] }>(t.app, 'GET', '/api/v1/audit-log?action=workspace.updated', { key: b.keys.admin })).body.data).toEqual([]);
  });

  it('refuses an unknown time zone and other bad settings with 422 problem+json', async () => {
    const tz = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.owner, body: { timeZone: 'Mars/Olympus_Mons' } });
    expect(tz.status).toBe(422);
    expect(tz.contentType).toContain('application/problem+json');
    expect(tz.body.errors).toEqual([{ path: 'body.timeZone', message: 'is not an IANA time zone' }]);
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.owner, body: { name: '', baseCurrency: 'euro', defaultLanguage: '??' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.baseCurrency', 'body.defaultLanguage']));
    expect((await call(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.owner, body: {} })).status).toBe(422);
    expect((await call<Workspace>(t.app, 'GET', '/api/v1/workspace', { key: a.keys.owner })).body.timeZone).not.toBe('Mars/Olympus_Mons');
  });
});

describe('new workspace', () => {
  it('creates a workspace owned by the signed-in user, who can switch to it', async () => {
    const s = await loginAs(t.app, a.email, a.password);
    const r = await call<Workspace>(t.app, 'POST', '/api/v1/workspaces', { session: s, body: { name: '  Acme Labs ' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Acme Labs', timeZone: 'UTC' });
    const me = await call<{ workspaces: { id: string; role: string }[] }>(t.app, 'GET', '/api/v1/me', { session: s });
    expect(me.body.workspaces).toContainEqual({ id: r.body.id, name: 'Acme Labs', role: 'owner' });
    expect((await call(t.app, 'POST', '/api/v1/auth/switch-workspace', { session: s, body: { workspaceId: r.body.id } })).status).toBe(200);
    const log = await call<{ data: { action: string; actorId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=workspace.created', { session: s });
    expect(log.body.data[0]).toMatchObject({ action: 'workspace.created', actorId: a.ownerId });
  });

  it('refuses API keys (a key belongs to one workspace) with 400, and bad names with 422', async () => {
    const r = await call<{ status: number }>(t.app, 'POST', '/api/v1/workspaces', { key: a.keys.owner, body: { name: 'Robot Corp' } });
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    const s = await loginAs(t.app, b.email, b.password);
    expect((await call(t.app, 'POST', '/api/v1/workspaces', { session: s, body: { name: '   ' } })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/workspaces', { session: s, body: {} })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/workspaces', { body: { name: 'anon' } })).status).toBe(401);
  });
});

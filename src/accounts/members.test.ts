import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, loginAs, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}

const members = async (key: string) => (await call<{ data: Member[] }>(t.app, 'GET', '/api/v1/members', { key })).body.data;

describe('members', () => {
  it('lists every member with e-mail, name and role, to every role', async () => {
    const viewer = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    const list = await members(a.keys.viewer);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: a.ownerId, email: a.email, role: 'owner' }),
        expect.objectContaining({ userId: viewer.userId, email: viewer.email, name: 'Test viewer', role: 'viewer' }),
      ]),
    );
    expect(new Date(list[0].createdAt).toString()).not.toBe('Invalid Date');
    expect((await members(b.keys.admin)).map((m) => m.userId)).not.toContain(viewer.userId);
  });

  it('changes a role, and the new role applies to the member’s very next request', async () => {
    const analyst = await buildMember(t.rt.ctx, a.workspaceId, 'analyst');
    const s = await loginAs(t.app, analyst.email, analyst.password);
    expect((await call(t.app, 'GET', '/api/v1/audit-log', { session: s })).status).toBe(403);
    const r = await call<Member>(t.app, 'PATCH', `/api/v1/members/${analyst.userId}`, { key: a.keys.admin, body: { role: 'admin' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ userId: analyst.userId, role: 'admin' });
    expect((await call(t.app, 'GET', '/api/v1/audit-log', { session: s })).status).toBe(200);
  });

  it('lets nobody grant more than they hold, and only owners touch ownership', async () => {
    const agent = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const secondOwner = await buildMember(t.rt.ctx, a.workspaceId, 'owner');
    const adminUser = await buildMember(t.rt.ctx, a.workspaceId, 'admin');
    const admin = await loginAs(t.app, adminUser.email, adminUser.password);
    // An admin may not make an owner, demote an owner or remove one.
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/members/${agent.userId}`, { role: 'owner' }],
      ['PATCH', `/api/v1/members/${secondOwner.userId}`, { role: 'viewer' }],
      ['DELETE', `/api/v1/members/${secondOwner.userId}`, undefined],
    ] as const) {
      const r = await call<{ status: number }>(t.app, method, url, { session: admin, body });
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.contentType).toContain('application/problem+json');
    }
    // Roles without members:manage cannot change anyone.
    expect((await call(t.app, 'PATCH', `/api/v1/members/${agent.userId}`, { key: a.keys.analyst, body: { role: 'viewer' } })).status).toBe(403);
    // The owner can, and the admin can manage up to admin.
    expect((await call(t.app, 'PATCH', `/api/v1/members/${agent.userId}`, { session: admin, body: { role: 'admin' } })).status).toBe(200);
    expect((await call(t.app, 'PATCH', `/api/v1/members/${agent.userId}`, { key: a.keys.owner, body: { role: 'owner' } })).status).toBe(200);
    const roles = Object.fromEntries((await members(a.keys.viewer)).map((m) => [m.userId, m.role]));
    expect(roles[agent.userId]).toBe('owner');
    expect(roles[secondOwner.userId]).toBe('owner');
  });

  it('never demotes or removes the last owner (409)', async () => {
    const w = await buildWorkspace(t.rt.ctx, 'Solo');
    const demote = await call<{ detail: string }>(t.app, 'PATCH', `/api/v1/members/${w.ownerId}`, { key: w.keys.owner, body: { role: 'admin' } });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toContain('last owner');
    expect((await call(t.app, 'DELETE', `/api/v1/members/${w.ownerId}`, { key: w.keys.owner })).status).toBe(409);

    // With a second owner the first may step down, but then the second is the last again.
    const other = await buildMember(t.rt.ctx, w.workspaceId, 'owner');
    expect((await call(t.app, 'PATCH', `/api/v1/members/${w.ownerId}`, { key: w.keys.owner, body: { role: 'admin' } })).status).toBe(200);
    expect((await call(t.app, 'DELETE', `/api/v1/members/${other.userId}`, { key: w.keys.owner })).status).toBe(409);
    expect((await members(w.keys.viewer)).filter((m) => m.role === 'owner').map((m) => m.userId)).toEqual([other.userId]);
  });

  it('removes a member and ends their sessions in this workspace only', async () => {
    const agent = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    await buildMember(t.rt.ctx, b.workspaceId, 'viewer', agent);
    const inA = await loginAs(t.app, agent.email, agent.password);
    const inB = await loginAs(t.app, agent.email, agent.password);
    const switched = await call(t.app, 'POST', '/api/v1/auth/switch-workspace', { session: inB, body: { workspaceId: b.workspaceId } });
    expect(switched.status).toBe(200);
    const me = await call<{ workspaceId: string }>(t.app, 'GET', '/api/v1/me', { session: inA });
    expect(me.body.workspaceId).toBe(a.workspaceId);

    expect((await call(t.app, 'DELETE', `/api/v1/members/${agent.userId}`, { key: a.keys.admin })).status).toBe(204);
    expect((await members(a.keys.admin)).map((m) => m.userId)).not.toContain(agent.userId);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: inA })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: inB })).status).toBe(200);
    expect((await call(t.app, 'DELETE', `/api/v1/members/${agent.userId}`, { key: a.keys.admin })).status).toBe(404);
  });

  it('audits role changes and removals with who, what and from where', async () => {
    const viewer = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    const owner = await loginAs(t.app, a.email, a.password);
    const headers = { 'user-agent': 'members-test' };
    await call(t.app, 'PATCH', `/api/v1/members/${viewer.userId}`, { session: owner, headers, body: { role: 'agent' } });
    await call(t.app, 'DELETE', `/api/v1/members/${viewer.userId}`, { session: owner, headers });
    const log = await call<{ data: { action: string; actorId: string; actorLabel: string; ip: string; userAgent: string; targetId: string; details: Record<string, unknown> }[] }>(
      t.app, 'GET', `/api/v1/audit-log?action=member.`, { key: a.keys.admin });
    const mine = log.body.data.filter((e) => e.targetId === viewer.userId);
    expect(mine.map((e) => e.action)).toEqual(['member.removed', 'member.role_changed']);
    for (const e of mine) expect(e).toMatchObject({ actorId: a.ownerId, actorLabel: a.email, ip: '127.0.0.1', userAgent: 'members-test' });
    expect(mine[1].details).toMatchObject({ email: viewer.email, from: 'viewer', to: 'agent' });
  });

  it('keeps workspaces apart', async () => {
    const viewer = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    await expectIsolated(t.app, b.keys.owner, [
      { method: 'PATCH', url: `/api/v1/members/${viewer.userId}`, body: { role: 'agent' } },
      { method: 'DELETE', url: `/api/v1/members/${viewer.userId}` },
    ]);
    expect((await members(a.keys.viewer)).find((m) => m.userId === viewer.userId)?.role).toBe('viewer');
  });

  it('answers bad input with 4xx problem+json', async () => {
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', `/api/v1/members/${a.ownerId}`, { key: a.keys.owner, body: { role: 'emperor' } });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.path)).toContain('body.role');
    expect((await call(t.app, 'PATCH', '/api/v1/members/not-a-uuid', { key: a.keys.owner, body: { role: 'viewer' } })).status).toBe(400);
    expect((await call(t.app, 'DELETE', '/api/v1/members/not-a-uuid', { key: a.keys.owner })).status).toBe(400);
    expect((await call(t.app, 'PATCH', `/api/v1/members/${a.ownerId}`, { key: a.keys.owner, body: {} })).status).toBe(422);
    expect((await call(t.app, 'GET', '/api/v1/members')).status).toBe(401);
  });
});

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

interface Session {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

const sessionsOf = async (s: { cookie: string; csrfToken: string }) =>
  (await call<{ data: Session[] }>(t.app, 'GET', '/api/v1/auth/sessions', { session: s })).body.data;

describe('my profile', () => {
  it('changes name and language', async () => {
    const m = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    const s = await loginAs(t.app, m.email, m.password);
    const r = await call<{ name: string; language: string }>(t.app, 'PATCH', '/api/v1/me', { session: s, body: { name: 'Ada Lovelace', language: 'da' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: m.userId, email: m.email, name: 'Ada Lovelace', language: 'da' });
    const me = await call<{ user: { name: string; language: string } }>(t.app, 'GET', '/api/v1/me', { session: s });
    expect(me.body.user).toMatchObject({ name: 'Ada Lovelace', language: 'da' });
  });

  it('changes the password only with the current one, ends the other sessions and audits it', async () => {
    const m = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    await buildMember(t.rt.ctx, b.workspaceId, 'viewer', m);
    const here = await loginAs(t.app, m.email, m.password);
    const elsewhere = await loginAs(t.app, m.email, m.password);

    const wrong = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/me', { session: here, body: { currentPassword: 'guess', newPassword: 'a brand new secret' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'body.currentPassword', message: 'is not correct' }]);
    const missing = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/me', { session: here, body: { newPassword: 'a brand new secret' } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e) => e.path)).toContain('body.currentPassword');
    expect((await call(t.app, 'GET', '/api/v1/me', { session: elsewhere })).status).toBe(200);

    const ok = await call(t.app, 'PATCH', '/api/v1/me', { session: here, headers: { 'user-agent': 'profile-test' }, body: { currentPassword: m.password, newPassword: 'a brand new secret' } });
    expect(ok.status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: here })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: elsewhere })).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: m.email, password: m.password } })).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: m.email, password: 'a brand new secret' } })).status).toBe(200);

    // Both workspaces' admins see it: it changes who can sign in to each.
    for (const key of [a.keys.admin, b.keys.admin]) {
      const log = await call<{ data: { actorId: string; targetId: string; ip: string; userAgent: string; details: Record<string, unknown> }[] }>(
        t.app, 'GET', '/api/v1/audit-log?action=user.password_changed', { key });
      expect(log.body.data.find((e) => e.targetId === m.userId)).toMatchObject({
        actorId: m.userId, ip: '127.0.0.1', userAgent: 'profile-test', details: { otherSessionsEnded: 1 },
      });
    }
  });

  it('is for signed-in users only; API keys get 400', async () => {
    const r = await call<{ status: number }>(t.app, 'PATCH', '/api/v1/me', { key: a.keys.owner, body: { name: 'Robot' } });
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect((await call(t.app, 'GET', '/api/v1/auth/sessions', { key: a.keys.owner })).status).toBe(400);
  });

  it('answers bad input with 4xx problem+json', async () => {
    const s = await loginAs(t.app, a.email, a.password);
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/me', { session: s, body: { language: 'klingon', name: 'x'.repeat(500) } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.language', 'body.name']));
    expect((await call(t.app, 'PATCH', '/api/v1/me', { session: s, body: {} })).status).toBe(422);
    expect((await call(t.app, 'PATCH', '/api/v1/me', { session: s, body: { currentPassword: a.password } })).status).toBe(422);
    const short = await call<{ errors: { path: string }[] }>(t.app, 'PATCH', '/api/v1/me', { session: s, body: { currentPassword: a.password, newPassword: 'short' } });
    expect(short.status).toBe(422);
    expect(short.body.errors.map((e) => e.path)).toContain('body.newPassword');
    expect((await call(t.app, 'DELETE', '/api/v1/auth/sessions/not-a-uuid', { session: s })).status).toBe(400);
    expect((await call(t.app, 'PATCH', '/api/v1/me', { body: { name: 'anon' } })).status).toBe(401);
  });
});

describe('my sessions', () => {
  it('lists my sessions with the current one marked, and revokes one', async () => {
    const m = await buildMember(t.rt.ctx, a.workspaceId, 'analyst');
    const laptop = await loginAs(t.app, m.email, m.password);
    const phoneLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': 'Phone/1.0' }, payload: { email: m.email, password: m.password } });
    const phone = { cookie: String(phoneLogin.headers['set-cookie']).split(';')[0], csrfToken: phoneLogin.json().csrfToken as string };

    const list = await sessionsOf(laptop);
    expect(list).toHaveLength(2);
    expect(list.filter((x) => x.current)).toHaveLength(1);
    const phoneSession = list.find((x) => x.userAgent === 'Phone/1.0')!;
    expect(phoneSession).toMatchObject({ ip: '127.0.0.1', current: false });
    expect(Date.parse(phoneSession.createdAt)).not.toBeNaN();
    expect(Date.parse(phoneSession.lastSeenAt)).not.toBeNaN();

    expect((await call(t.app, 'DELETE', `/api/v1/auth/sessions/${phoneSession.id}`, { session: laptop })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: phone })).status).toBe(401);
    expect((await sessionsOf(laptop)).map((x) => x.id)).not.toContain(phoneSession.id);
    expect((await call(t.app, 'DELETE', `/api/v1/auth/sessions/${phoneSession.id}`, { session: laptop })).status).toBe(404);

    const log = await call<{ data: { action: string; targetId: string; actorId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=auth.session_revoked', { key: a.keys.admin });
    expect(log.body.data.find((e) => e.targetId === phoneSession.id)).toMatchObject({ actorId: m.userId });
  });

  it('signs out all my other sessions, keeps this one and other people’s, and audits it', async () => {
    const m = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const other = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const here = await loginAs(t.app, m.email, m.password);
    const elsewhere = [await loginAs(t.app, m.email, m.password), await loginAs(t.app, m.email, m.password)];
    const theirs = await loginAs(t.app, other.email, other.password);

    const r = await call<{ revoked: number }>(t.app, 'DELETE', '/api/v1/auth/sessions', { session: here });
    expect(r).toMatchObject({ status: 200, body: { revoked: 2 } });
    for (const s of elsewhere) expect((await call(t.app, 'GET', '/api/v1/me', { session: s })).status).toBe(401);
    expect((await sessionsOf(here)).map((x) => x.current)).toEqual([true]);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: theirs })).status).toBe(200);
    // Nothing left to end: still fine, nothing audited twice.
    expect((await call<{ revoked: number }>(t.app, 'DELETE', '/api/v1/auth/sessions', { session: here })).body).toEqual({ revoked: 0 });

    const log = await call<{ data: { action: string; targetId: string; details: unknown }[] }>(t.app, 'GET', '/api/v1/audit-log?action=auth.sessions_revoked', { key: a.keys.admin });
    expect(log.body.data.filter((e) => e.targetId === m.userId)).toEqual([expect.objectContaining({ details: { sessionsEnded: 2 } })]);
  });

  it('refuses to sign out other sessions without a session, or without its CSRF token', async () => {
    const m = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    const s = await loginAs(t.app, m.email, m.password);
    expect((await call(t.app, 'DELETE', '/api/v1/auth/sessions')).status).toBe(401);
    expect((await call(t.app, 'DELETE', '/api/v1/auth/sessions', { key: a.keys.owner })).status).toBe(400);
    expect((await call(t.app, 'DELETE', '/api/v1/auth/sessions', { session: s, headers: { 'x-csrf-token': 'wrong' } })).status).toBe(403);
  });

  it('never shows or revokes another person’s session', async () => {
    const mine = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
    const theirs = await buildMember(t.rt.ctx, b.workspaceId, 'owner');
    const me = await loginAs(t.app, mine.email, mine.password);
    const them = await loginAs(t.app, theirs.email, theirs.password);
    const [theirSession] = await sessionsOf(them);
    expect((await sessionsOf(me)).map((x) => x.id)).not.toContain(theirSession.id);
    expect((await call(t.app, 'DELETE', `/api/v1/auth/sessions/${theirSession.id}`, { session: me })).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/me', { session: them })).status).toBe(200);
  });
});

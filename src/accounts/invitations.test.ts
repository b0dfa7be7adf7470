import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, loginAs, type TestWorkspace } from '../../test/factories.js';
import { readOutbox } from '../../test/helpers/outbox.js';
import { invitations } from './accounts.tables.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://cx.example.com' } });
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Invitation {
  id: string;
  email: string;
  role: string;
  invitedBy: string | null;
  status: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  expiresAt: string;
}

const uniqueEmail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@example.com`;

/** Invites through the API and reads the link from the e-mail in the outbox, as a person would. */
async function invite(key: string, email: string, role = 'analyst') {
  const r = await call<Invitation>(t.app, 'POST', '/api/v1/invitations', { key, body: { email, role } });
  expect(r.status).toBe(201);
  const mail = (await readOutbox(t.app, key)).data.find((m) => m.to === email.toLowerCase())!;
  const token = /https:\/\/cx\.example\.com\/invite\/([A-Za-z0-9]{43})/.exec(mail.text)?.[1];
  expect(token).toBeDefined();
  return { invitation: r.body, mail, token: token! };
}

const accept = (token: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/public/invitations/${token}/accept`, payload: body });

describe('invitation by e-mail link', () => {
  it('invites, shows the link page, creates the account on accept, and the new member signs in', async () => {
    const email = uniqueEmail('Newcomer');
    const { invitation, mail, token } = await invite(a.keys.admin, email);
    expect(invitation).toMatchObject({ email: email.toLowerCase(), role: 'analyst', status: 'pending', acceptedAt: null });
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    expect(mail).toMatchObject({ kind: 'invitation', status: 'kept', subject: 'You are invited to Acme on Kunde' });
    // Only the token's hash is stored.
    const [row] = await t.rt.ctx.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);

    const page = await call(t.app, 'GET', `/api/v1/public/invitations/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ workspaceName: 'Acme', email: email.toLowerCase(), role: 'analyst', userExists: false });

    const res = await accept(token, { name: 'New Comer', password: 'correct horse battery' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ workspaceId: a.workspaceId, csrfToken: expect.any(String) });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^kunde_session=[A-Za-z0-9]{43}; .*HttpOnly; SameSite=Lax/);
    const me = await call<{ user: { name: string }; role: string }>(t.app, 'GET', '/api/v1/me', { headers: { cookie: cookie.split(';')[0] } });
    expect(me.body).toMatchObject({ role: 'analyst', user: { name: 'New Comer' } });

    const s = await loginAs(t.app, email, 'correct horse battery');
    const again = await call<{ workspaces: { id: string; role: string }[] }>(t.app, 'GET', '/api/v1/me', { session: s });
    expect(again.body.workspaces).toEqual([{ id: a.workspaceId, name: 'Acme', role: 'analyst' }]);
    const list = await call<{ data: Invitation[] }>(t.app, 'GET', '/api/v1/invitations', { key: a.keys.admin });
    expect(list.body.data.find((i) => i.id === invitation.id)).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
  });

  it('lets an existing user join a second workspace with their own password and switch to it', async () => {
    const member = await buildMember(t.rt.ctx, b.workspaceId, 'agent');
    const { token } = await invite(a.keys.owner, member.email, 'viewer');
    const page = await call<{ userExists: boolean }>(t.app, 'GET', `/api/v1/public/invitations/${token}`);
    expect(page.body.userExists).toBe(true);
    expect((await accept(token, { password: 'not the password' })).statusCode).toBe(401);
    const failed = await call<{ data: { targetId: string; details: Record<string, unknown> }[] }>(t.app, 'GET', '/api/v1/audit-log?action=auth.login_failed', { key: b.keys.admin });
    expect(failed.body.data.find((e) => e.targetId === member.userId)?.details).toEqual({ via: 'invitation' });
    const ok = await accept(token, { password: member.password });
    expect(ok.statusCode).toBe(200);

    const s = await loginAs(t.app, member.email, member.password);
    const me = await call<{ workspaceId: string; workspaces: { id: string; role: string }[] }>(t.app, 'GET', '/api/v1/me', { session: s });
    expect(me.body.workspaces.map((w) => [w.id, w.role]).sort()).toEqual([[a.workspaceId, 'viewer'], [b.workspaceId, 'agent']].sort());
    const other = me.body.workspaceId === a.workspaceId ? b.workspaceId : a.workspaceId;
    const switched = await call<{ role: string }>(t.app, 'POST', '/api/v1/auth/switch-workspace', { session: s, body: { workspaceId: other } });
    expect(switched.status).toBe(200);
    expect((await call<{ workspaceId: string }>(t.app, 'GET', '/api/v1/me', { session: s })).body.workspaceId).toBe(other);
  });

  it('cannot be accepted by another site: only a JSON body signs in (login CSRF)', async () => {
    const { token } = await invite(a.keys.admin, uniqueEmail('csrf'));
    const url = `/api/v1/public/invitations/${token}/accept`;
    const forms: [string, string][] = [
      ['text/plain', '{"name":"Mallory","password":"attacker-chosen-1","x":"=1"}'],
      ['application/x-www-form-urlencoded', 'name=Mallory&password=attacker-chosen-1'],
    ];
    for (const [contentType, payload] of forms) {
      const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, origin: 'https://evil.example' }, payload });
      expect(res.statusCode, contentType).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, contentType).toBeLessThan(500);
      expect(res.headers['set-cookie'], contentType).toBeUndefined();
    }
    // The link still works for its owner afterwards.
    expect((await accept(token, { name: 'Invited', password: 'a-good-password-1' })).statusCode).toBe(200);
  });

  it('answers 404 for unknown, used, revoked and expired links', async () => {
    const used = await invite(a.keys.admin, uniqueEmail('used'));
    expect((await accept(used.token, { password: 'a long enough password' })).statusCode).toBe(200);
    const revoked = await invite(a.keys.admin, uniqueEmail('revoked'));
    const r = await call<Invitation>(t.app, 'DELETE', `/api/v1/invitations/${revoked.invitation.id}`, { key: a.keys.admin });
    expect(r.body).toMatchObject({ status: 'revoked' });
    const expired = await invite(a.keys.admin, uniqueEmail('expired'));
    await t.rt.ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.invitation.id));
    const unknown = 'A'.repeat(43);

    for (const token of [unknown, used.token, revoked.token, expired.token]) {
      const page = await call<{ status: number }>(t.app, 'GET', `/api/v1/public/invitations/${token}`);
      expect(page.status).toBe(404);
      expect(page.contentType).toContain('application/problem+json');
      expect((await accept(token, { password: 'a long enough password' })).statusCode).toBe(404);
    }
    const list = await call<{ data: Invitation[] }>(t.app, 'GET', '/api/v1/invitations', { key: a.keys.admin });
    const status = Object.fromEntries(list.body.data.map((i) => [i.id, i.status]));
    expect(status[expired.invitation.id]).toBe('expired');
    expect(status[revoked.invitation.id]).toBe('revoked');
    // Revoking twice or revoking an accepted invitation does not pretend to work.
    expect((await call(t.app, 'DELETE', `/api/v1/invitations/${revoked.invitation.id}`, { key: a.keys.admin })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/invitations/${used.invitation.id}`, { key: a.keys.admin })).status).toBe(409);
  });

  it('replaces a pending invitation to the same address, so only the newest link works', async () => {
    const email = uniqueEmail('twice');
    const first = await invite(a.keys.admin, email);
    const second = await invite(a.keys.admin, email, 'agent');
    expect((await call(t.app, 'GET', `/api/v1/public/invitations/${first.token}`)).status).toBe(404);
    expect((await call<{ role: string }>(t.app, 'GET', `/api/v1/public/invitations/${second.token}`)).body.role).toBe('agent');
  });

  it('refuses to invite above the inviter’s role or someone already a member', async () => {
    expect((await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.admin, body: { email: uniqueEmail('x'), role: 'owner' } })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.analyst, body: { email: uniqueEmail('x'), role: 'viewer' } })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.owner, body: { email: a.email.toUpperCase(), role: 'viewer' } })).status).toBe(409);
    expect((await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.owner, body: { email: uniqueEmail('boss'), role: 'owner' } })).status).toBe(201);
  });

  it('audits invitations with who, what and from where', async () => {
    const owner = await loginAs(t.app, a.email, a.password);
    const email = uniqueEmail('audited');
    const created = await call<Invitation>(t.app, 'POST', '/api/v1/invitations', { session: owner, body: { email, role: 'viewer' } });
    expect(created.body.invitedBy).toBe(a.ownerId);
    await call(t.app, 'DELETE', `/api/v1/invitations/${created.body.id}`, { session: owner });
    const log = await call<{ data: { action: string; actorId: string; ip: string; targetId: string; details: { email?: string } }[] }>(
      t.app, 'GET', '/api/v1/audit-log?action=invitation.', { key: a.keys.admin });
    const mine = log.body.data.filter((e) => e.targetId === created.body.id);
    expect(mine.map((e) => e.action)).toEqual(['invitation.revoked', 'invitation.created']);
    for (const e of mine) expect(e).toMatchObject({ actorId: a.ownerId, ip: '127.0.0.1', details: { email } });

    const { invitation, token } = await invite(a.keys.admin, uniqueEmail('joiner'));
    const joined = await accept(token, { password: 'a long enough password' });
    const accepted = await call<{ data: { action: string; actorId: string; targetId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=invitation.accepted', { key: a.keys.admin });
    expect(accepted.body.data[0]).toMatchObject({ targetId: invitation.id });
    const me = await call<{ user: { id: string } }>(t.app, 'GET', '/api/v1/me', { headers: { cookie: String(joined.headers['set-cookie']).split(';')[0] } });
    expect(accepted.body.data[0].actorId).toBe(me.body.user.id);
  });

  it('keeps workspaces apart', async () => {
    const { invitation } = await invite(a.keys.admin, uniqueEmail('isolated'));
    await expectIsolated(t.app, b.keys.owner, [{ method: 'DELETE', url: `/api/v1/invitations/${invitation.id}` }]);
    const listB = await call<{ data: Invitation[] }>(t.app, 'GET', '/api/v1/invitations', { key: b.keys.owner });
    expect(listB.body.data.map((i) => i.id)).not.toContain(invitation.id);
    expect((await readOutbox(t.app, b.keys.owner)).data.map((m) => m.to)).not.toContain(invitation.email);
  });

  it('answers bad input with 4xx problem+json', async () => {
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/invitations', { key: a.keys.admin, body: { email: 'not-an-email', role: 'emperor' } });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.email', 'body.role']));
    expect((await call(t.app, 'DELETE', '/api/v1/invitations/not-a-uuid', { key: a.keys.admin })).status).toBe(400);
    expect((await call(t.app, 'GET', '/api/v1/public/invitations/short')).status).toBe(400);
    expect((await accept('short', { password: 'x' })).statusCode).toBe(400);

    const { token } = await invite(a.keys.admin, uniqueEmail('weak'));
    const weak = await accept(token, { password: 'too short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toEqual([{ path: 'body.password', message: expect.stringContaining('12') }]);
    expect((await accept(token, {})).statusCode).toBe(422);
    // A refused attempt does not use the link up.
    expect((await call(t.app, 'GET', `/api/v1/public/invitations/${token}`)).status).toBe(200);
  });
});

describe('public invitation routes', () => {
  it('are rate limited per address', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '2' } });
    try {
      const token = 'B'.repeat(43);
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push((await limited.app.inject({ url: `/api/v1/public/invitations/${token}` })).statusCode);
      expect(pages).toEqual([404, 404, 404, 429]);
      const accepts = [];
      for (let i = 0; i < 3; i++) {
        accepts.push((await limited.app.inject({ method: 'POST', url: `/api/v1/public/invitations/${token}/accept`, payload: { password: 'whatever' } })).statusCode);
      }
      expect(accepts).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

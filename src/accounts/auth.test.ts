import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, loginAs, type TestWorkspace } from '../../test/factories.js';
import { apiKeys } from './accounts.tables.js';
import { API_KEY_CACHE_TTL_MS } from './api-keys.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

describe('who am I', () => {
  it('answers with the key, its role and its workspace', async () => {
    const r = await call<{ kind: string; role: string; workspaceId: string; apiKey: { label: string } }>(t.app, 'GET', '/api/v1/me', { key: a.keys.analyst });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'api_key', role: 'analyst', workspaceId: a.workspaceId });
    expect(r.body.apiKey.label).toContain('analyst key');
  });

  it('refuses missing, malformed and unknown credentials with problem+json 401', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Basic abc' }, { authorization: 'Bearer kunde_wrong_key' }, { authorization: 'Bearer kunde_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' }]) {
      const r = await call<{ status: number; type: string }>(t.app, 'GET', '/api/v1/me', { headers });
      expect(r.status).toBe(401);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.status).toBe(401);
    }
  });
});

describe('browser session', () => {
  it('logs in with a cookie, needs the CSRF token to write, and logs out', async () => {
    const s = await loginAs(t.app, a.email, a.password);
    expect(s.cookie).toMatch(/^kunde_session=/);
    const me = await call<{ kind: string; csrfToken: string; user: { email: string } }>(t.app, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } });
    expect(me.body).toMatchObject({ kind: 'user', csrfToken: s.csrfToken, user: { email: a.email } });

    const noCsrf = await call(t.app, 'POST', '/api/v1/api-keys', { headers: { cookie: s.cookie }, body: { name: 'x', role: 'viewer' } });
    expect(noCsrf.status).toBe(403);
    const wrongCsrf = await call(t.app, 'POST', '/api/v1/api-keys', { session: { ...s, csrfToken: 'nope' }, body: { name: 'x', role: 'viewer' } });
    expect(wrongCsrf.status).toBe(403);
    const ok = await call(t.app, 'POST', '/api/v1/api-keys', { session: s, body: { name: 'from browser', role: 'viewer' } });
    expect(ok.status).toBe(201);

    expect((await call(t.app, 'POST', '/api/v1/auth/logout', { session: s })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('cannot be signed in by another site: only a JSON body signs in (login CSRF)', async () => {
    // What an HTML form on another site can send without a CORS preflight; text/plain smuggles JSON in a field name.
    const forms: [string, string][] = [
      ['text/plain', `{"email":"${a.email}","password":"${a.password}","x":"=1"}`],
      ['application/x-www-form-urlencoded', new URLSearchParams({ email: a.email, password: a.password }).toString()],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${a.email}\r\n--x\r\nContent-Disposition: form-data; name="password"\r\n\r\n${a.password}\r\n--x--\r\n`],
    ];
    for (const [contentType, payload] of forms) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': contentType, origin: 'https://evil.example' }, payload });
      expect(res.statusCode, contentType).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, contentType).toBeLessThan(500);
      expect(res.headers['set-cookie'], contentType).toBeUndefined();
    }
  });

  it('rejects a wrong password the same way as an unknown e-mail', async () => {
    const wrong = await call<{ detail: string }>(t.app, 'POST', '/api/v1/auth/login', { body: { email: a.email, password: 'not-it' } });
    const unknown = await call<{ detail: string }>(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });
});

describe('API keys', () => {
  it('shows the secret once, lists the prefix, and stops working when revoked', async () => {
    const created = await call<{ id: string; key: string; prefix: string }>(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: { name: 'CI', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(new RegExp(`^kunde_${created.body.prefix}_`));
    const list = await call<{ data: Record<string, unknown>[] }>(t.app, 'GET', '/api/v1/api-keys', { key: a.keys.admin });
    const listed = list.body.data.find((k) => k.id === created.body.id)!;
    expect(listed.prefix).toBe(created.body.prefix);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect((await call(t.app, 'GET', '/api/v1/me', { key: created.body.key })).status).toBe(200);
    expect((await call(t.app, 'DELETE', `/api/v1/api-keys/${created.body.id}`, { key: a.keys.admin })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/me', { key: created.body.key })).status).toBe(401);
  });

  it('stops a key revoked by another process (the CLI, another server) within API_KEY_CACHE_TTL_MS', async () => {
    const created = await call<{ id: string; key: string }>(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: { name: 'elsewhere', role: 'viewer' } });
    expect((await call(t.app, 'GET', '/api/v1/me', { key: created.body.key })).status).toBe(200);
    // Straight in the database, as another process would: this process's cache is not told.
    await t.rt.ctx.db.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, created.body.id));
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < API_KEY_CACHE_TTL_MS + 2_000) {
      await new Promise((done) => setTimeout(done, 100));
      status = (await call(t.app, 'GET', '/api/v1/me', { key: created.body.key })).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(API_KEY_CACHE_TTL_MS + 500);
  });

  it('lets only owners and admins manage keys, and nobody grant more than they hold', async () => {
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'GET', '/api/v1/api-keys', { key: a.keys[role] })).status).toBe(403);
    }
    const r = await call(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: { name: 'x', role: 'owner' } });
    expect(r.status).toBe(403);
  });

  it('keeps workspaces apart', async () => {
    const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: { name: 'mine', role: 'viewer' } });
    await expectIsolated(t.app, b.keys.admin, [{ method: 'DELETE', url: `/api/v1/api-keys/${created.body.id}` }]);
    const listB = await call<{ data: { id: string }[] }>(t.app, 'GET', '/api/v1/api-keys', { key: b.keys.admin });
    expect(listB.body.data.map((k) => k.id)).not.toContain(created.body.id);
  });

  it('answers bad input with 4xx problem+json', async () => {
    const bad = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: { name: '', role: 'emperor' } });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.role']));
    expect((await call(t.app, 'DELETE', '/api/v1/api-keys/not-a-uuid', { key: a.keys.admin })).status).toBe(400);
    expect((await call(t.app, 'POST', '/api/v1/api-keys', { key: a.keys.admin, body: '{"name": ' })).status).toBe(400);
  });
});

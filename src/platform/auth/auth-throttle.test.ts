import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, loginAs, type TestWorkspace } from '../../../test/factories.js';
import { allRoutes } from '../../modules.js';
import { buildApp } from '../http/app.js';
import { randomToken } from '../ids.js';
import type { AppContext } from '../context.js';

/*
 * Failed authentications are counted per address before the credential lookup, failed sign-ins per
 * account, and sessions end at their absolute lifetime however busy they are.
 */

const FAILED_AUTH_LIMIT = 5;
const ACCOUNT_LIMIT = 3;

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      RATE_LIMIT_FAILED_AUTH_PER_MINUTE: String(FAILED_AUTH_LIMIT),
      LOGIN_FAILURES_PER_ACCOUNT: String(ACCOUNT_LIMIT),
      SESSION_MAX_AGE_DAYS: '30',
      SESSION_TTL_HOURS: '336',
    },
  });
  ws = await buildWorkspace(t.rt.ctx, 'Throttle');
});
afterAll(async () => t?.close());

const madeUpKey = () => `kunde_${randomToken(8)}_${randomToken(32)}`;
const madeUpCookie = () => `kunde_session=${randomToken(43)}`;

function expectTooMany(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(429);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 429, type: 'https://kunde.dev/problems/rate-limited' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

/** The real app over a context whose credential resolver counts its lookups (it still resolves for real). */
async function countingApp() {
  const lookups = { n: 0 };
  const real = t.rt.ctx.credentials;
  const ctx: AppContext = {
    ...t.rt.ctx,
    credentials: {
      apiKey: (db, key) => {
        lookups.n += 1;
        return real.apiKey(db, key);
      },
      session: (db, token, lifetime) => {
        lookups.n += 1;
        return real.session(db, token, lifetime);
      },
    },
  };
  const app = await buildApp(ctx, allRoutes);
  return { app, lookups };
}

describe('failed authentication per address', () => {
  it('answers a flood of made-up API keys with 429 before looking them up', async () => {
    const { app, lookups } = await countingApp();
    try {
      const me = (key: string, ip = '203.0.113.7') =>
        app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip, headers: { authorization: `Bearer ${key}` } });
      for (let i = 0; i < FAILED_AUTH_LIMIT; i++) expect((await me(madeUpKey())).statusCode).toBe(401);
      expect(lookups.n).toBe(FAILED_AUTH_LIMIT);
      for (let i = 0; i < 50; i++) expectTooMany(await me(madeUpKey()), `made-up key ${i}`);
      expect(lookups.n, 'no lookup once the address is over its budget').toBe(FAILED_AUTH_LIMIT);
      // Nothing is looked up for that address any more, a real key included; other addresses are unaffected.
      expectTooMany(await me(ws.keys.admin), 'real key from the flooding address');
      expect((await me(ws.keys.admin, '198.51.100.9')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers a flood of made-up session cookies with 429, also on public routes', async () => {
    const { app, lookups } = await countingApp();
    try {
      const ip = '203.0.113.8';
      const me = () => app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: ip, headers: { cookie: madeUpCookie() } });
      for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
        const res = await me();
        expect(res.statusCode).toBe(401);
        // The browser is told to drop a cookie that no longer signs in.
        expect(String(res.headers['set-cookie'])).toMatch(/^kunde_session=;/);
      }
      const login = await app.inject({
        method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { cookie: madeUpCookie() },
        payload: { email: ws.email, password: ws.password },
      });
      expectTooMany(login, 'made-up cookie on the public login route');
      expectTooMany(await me(), 'made-up cookie');
      expect(lookups.n).toBe(FAILED_AUTH_LIMIT);
      // Without credentials a public route stays open to that address.
      const clean = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email: ws.email, password: ws.password } });
      expect(clean.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('does not count good credentials', async () => {
    const { app } = await countingApp();
    try {
      for (let i = 0; i < FAILED_AUTH_LIMIT * 3; i++) {
        const res = await app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${ws.keys.viewer}` } });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});

describe('failed sign-ins per account', () => {
  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });

  it('refuses an account after repeated wrong passwords from many addresses, even with the right one', async () => {
    const other = await buildWorkspace(t.rt.ctx, 'Throttle other');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await login(other.email, 'wrong password', `192.0.2.${i + 1}`)).statusCode).toBe(401);
    const locked = await login(other.email, other.password, '192.0.2.99');
    expectTooMany(locked, 'right password on a locked account');
    expect(locked.json().detail).toContain('this e-mail address');
    // The lock is per account: the same address signs another account in.
    expect((await login(ws.email, ws.password, '192.0.2.99')).statusCode).toBe(200);
  });

  it('answers an unknown e-mail the same way, so the lock does not reveal which accounts exist', async () => {
    const nobody = `nobody-${randomToken(6).toLowerCase()}@example.com`;
    const known = await buildWorkspace(t.rt.ctx, 'Throttle known');
    const replies: { status: number; detail: string }[][] = [[], []];
    for (const [i, email] of [nobody, known.email].entries()) {
      for (let n = 0; n <= ACCOUNT_LIMIT; n++) {
        const res = await login(email, 'wrong password', `192.0.2.${100 + n}`);
        replies[i].push({ status: res.statusCode, detail: String(res.json().detail).replace(/\d+ s\./, 'N s.') });
      }
    }
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0].map((r) => r.status)).toEqual([...Array(ACCOUNT_LIMIT).fill(401), 429]);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const w = await buildWorkspace(t.rt.ctx, 'Throttle reset');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) expect((await login(w.email, 'wrong password', '192.0.2.200')).statusCode).toBe(401);
      expect((await login(w.email, w.password, '192.0.2.200')).statusCode).toBe(200);
    }
  });
});

describe('session lifetime', () => {
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const ageSession = (cookie: string, days: number) => {
    const token = cookie.split('=')[1];
    return t.rt.ctx.db.execute(sql`update sessions set created_at = now() - make_interval(days => ${days}),
      last_seen_at = now() - interval '1 hour', expires_at = now() + interval '14 days'
      where token_hash = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`);
  };

  it('ends a session at its absolute lifetime however recently it was used', async () => {
    const s = await loginAs(t.app, ws.email, ws.password);
    expect((await me(s.cookie)).statusCode).toBe(200);
    await ageSession(s.cookie, 31);
    expect((await me(s.cookie)).statusCode).toBe(401);
  });

  it('slides the idle expiry only up to the absolute lifetime', async () => {
    const s = await loginAs(t.app, ws.email, ws.password);
    await ageSession(s.cookie, 29);
    expect((await me(s.cookie)).statusCode).toBe(200);
    const token = s.cookie.split('=')[1];
    // The refresh is written after the reply; wait for it.
    let row: { expires: string; cap: string } | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await t.rt.ctx.database.raw.query<{ expires: string; cap: string; seen_recently: boolean }>(
        `select expires_at as expires, created_at + interval '30 days' as cap, last_seen_at > now() - interval '1 minute' as seen_recently
           from sessions where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [token],
      );
      if (r.rows[0]?.seen_recently) {
        row = r.rows[0];
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(row, 'the session was refreshed').toBeDefined();
    expect(new Date(row!.expires).getTime()).toBeLessThanOrEqual(new Date(row!.cap).getTime());
  });

  it('gives the cookie the absolute lifetime as its max age', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.email, password: ws.password } });
    expect(String(res.headers['set-cookie'])).toContain(`Max-Age=${30 * 86_400}`);
  });
});

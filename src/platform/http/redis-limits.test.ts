import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { allRoutes } from '../../modules.js';
import { buildApp } from './app.js';
import { randomToken } from '../ids.js';

/*
 * With REDIS_URL, rate limits and throttles are shared by every API process. Two apps on one database
 * stand in for two processes behind a load balancer: what one counts, the other sees. `.ci/run` runs
 * this file with REDIS_URL=redis://127.0.0.1:6379; elsewhere it is skipped unless REDIS_URL is set.
 */

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('redis-limits.test.ts skipped: set REDIS_URL=redis://127.0.0.1:6379 to test rate limits kept in Redis.');

describe.skipIf(!REDIS_URL)('rate limits in Redis', () => {
  const prefix = `kunde-test-${randomToken(8)}:`;
  let t: TestApp;
  let second: FastifyInstance;
  let ws: TestWorkspace;
  let redis: Redis;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        REDIS_URL: REDIS_URL!,
        REDIS_KEY_PREFIX: prefix,
        RATE_LIMIT_API_PER_MINUTE: '6',
        RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '4',
        LOGIN_FAILURES_PER_ACCOUNT: '3',
      },
    });
    second = await buildApp(t.rt.ctx, allRoutes);
    ws = await buildWorkspace(t.rt.ctx, 'Redis');
    redis = new Redis(REDIS_URL!);
  });
  afterAll(async () => {
    const keys = redis ? await redis.keys(`${prefix}*`) : [];
    if (keys.length > 0) await redis.del(...keys);
    await redis?.quit();
    await second?.close();
    await t?.close();
  });

  const both = () => [t.app, second];

  it('counts one API key across processes', async () => {
    const me = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${ws.keys.viewer}` } });
    for (let i = 0; i < 6; i++) expect((await me(both()[i % 2])).statusCode).toBe(200);
    for (const app of both()) {
      const limited = await me(app);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
    }
    expect((await redis.keys(`${prefix}rl:*`)).length).toBeGreaterThan(0);
  });

  it('counts failed authentications per address across processes', async () => {
    const madeUp = (app: FastifyInstance) =>
      app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: '203.0.113.50', headers: { authorization: `Bearer kunde_${randomToken(8)}_${randomToken(32)}` } });
    for (let i = 0; i < 4; i++) expect((await madeUp(both()[i % 2])).statusCode).toBe(401);
    for (const app of both()) {
      const limited = await madeUp(app);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('throttles failed sign-ins of one account across processes', async () => {
    const login = (app: FastifyInstance, password: string, n: number) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `198.51.100.${n}`, payload: { email: ws.email, password } });
    for (let i = 0; i < 3; i++) expect((await login(both()[i % 2], 'wrong password', i)).statusCode).toBe(401);
    expect((await login(second, ws.password, 9)).statusCode).toBe(429);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { allRoutes } from '../../modules.js';
import { buildApp, type RoutePlugin } from './app.js';
import { randomToken } from '../ids.js';

/*
 * Whatever a client sends — any route, any body, query or path, wrong content types, garbage JSON —
 * the API answers 2xx or a 4xx problem+json, never a 5xx. The routes come from /openapi.json, so
 * every route another engineer adds is fuzzed too.
 */

const RUNS_PER_ROUTE = 30;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, {
    summary?: string;
    tags?: string[];
    parameters?: { in: string; name: string }[];
    requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  }>>;
}

let t: TestApp;
let ws: TestWorkspace;
let doc: OpenApiDoc;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  ws = await buildWorkspace(t.rt.ctx, 'Fuzz');
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDoc>();
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      })),
    );
});
afterAll(async () => t?.close());

/** 2xx/3xx, or a 4xx RFC 9457 document; anything else fails with the request that caused it. */
function expectWellFormed(res: LightMyRequestResponse, request: string): void {
  const where = `${request} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode < 400) return;
  expect(String(res.headers['content-type']), where).toContain('application/problem+json');
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(typeof body.type, where).toBe('string');
  expect(typeof body.title, where).toBe('string');
  expect(body.status, where).toBe(res.statusCode);
  expect(typeof body.detail, where).toBe('string');
}

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : [nested(depth - 1)]);
const HUGE = 'ü'.repeat(60_000);

const arbPathValue = fc.oneof(
  fc.uuid(),
  fc.string(),
  fc.constantFrom('0', '-1', '..', 'null', '%00', ' ', 'x'.repeat(4_000), '00000000-0000-0000-0000-000000000000'),
);
const arbScalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(HUGE));
const arbQueryValue = fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('', 'true', '1e309', '-0', 'NaN', '[]', HUGE));

function arbBody(op: Operation) {
  const fields = op.bodyFields.length > 0 ? op.bodyFields : ['name'];
  const wrongValues = fc.oneof(arbScalar, fc.jsonValue({ maxDepth: 3 }), fc.array(arbScalar, { maxLength: 5 }));
  return fc.oneof(
    fc.jsonValue(),
    // The route's own field names with values of any type: gets past "unknown key" into the validators.
    fc.dictionary(fc.constantFrom(...fields), wrongValues, { maxKeys: fields.length }),
    fc.constantFrom<unknown>(nested(3_000), { [fields[0]]: nested(500) }, HUGE, [], {}, { __proto__: { isAdmin: true } }),
  );
}

function arbRequest(op: Operation) {
  return fc.record({
    params: fc.tuple(...op.pathParams.map(() => arbPathValue)),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...op.queryParams, 'limit', 'cursor'), fc.string()), arbQueryValue), { maxLength: 4 }),
    body: fc.option(arbBody(op), { nil: undefined, freq: 3 }),
  });
}

function urlOf(op: Operation, params: string[], query: [string, string][] = []): string {
  let i = 0;
  const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++] || 'x'));
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * 5xx answers found by this file in other areas and reported to their owners, keyed
 * "METHOD path media-type". Each must still fail — once fixed, the test says to remove it.
 */
const KNOWN_DEFECTS = new Set<string>([]);

const auth = () => ({ authorization: `Bearer ${ws.keys.admin}` });

describe('fuzzing every route from /openapi.json with an admin key', () => {
  it('finds the API routes to fuzz', () => {
    expect(operations.length).toBeGreaterThan(5);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/v1/api-keys');
  });

  it('never answers 5xx to random paths, queries and JSON bodies', async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(arbRequest(op), async ({ params, query, body }) => {
          const url = urlOf(op, params, query);
          const res = await t.app.inject({
            method: op.method as 'GET',
            url,
            headers: auth(),
            ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { ...auth(), 'content-type': 'application/json' } }),
          });
          expectWellFormed(res, `${op.method} ${url.slice(0, 200)} body=${JSON.stringify(body)?.slice(0, 200)}`);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
      );
    }
  }, 240_000);

  it('never answers 5xx to malformed JSON or the wrong content type', async () => {
    const payloads: [string, string][] = [
      ['application/json', '{"name": '],
      ['application/json', ''],
      ['application/json', '{"__proto__": {"isAdmin": true}}'],
      ['application/json', '{"constructor": {"prototype": {"isAdmin": true}}}'],
      ['application/json', '\u0000\u0001'],
      ['application/json; charset=utf-16', '{}'],
      ['text/plain', 'hello'],
      ['application/xml', '<survey/>'],
      ['application/x-www-form-urlencoded', 'name=x&role=owner'],
      ['multipart/form-data', 'no boundary here'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nbroken'],
      ['application/octet-stream', '\u00ff\u00fe'],
    ];
    const knownStillFailing = new Set<string>();
    for (const op of operations) {
      const url = urlOf(op, op.pathParams.map(() => '0190a6f0-0000-7000-8000-000000000000'));
      for (const [contentType, payload] of payloads) {
        const res = await t.app.inject({ method: op.method as 'POST', url, payload, headers: { ...auth(), 'content-type': contentType } });
        const request = `${op.method} ${url} as ${contentType}: ${JSON.stringify(payload)}`;
        const key = `${op.method} ${op.path} ${contentType.split(';')[0]}`;
        if (KNOWN_DEFECTS.has(key) && res.statusCode >= 500) {
          knownStillFailing.add(key);
          continue;
        }
        expectWellFormed(res, request);
      }
    }
    // A fixed defect must leave the list, or this file would hide it coming back.
    expect([...KNOWN_DEFECTS].filter((k) => !knownStillFailing.has(k))).toEqual([]);
  }, 120_000);

  it('still accepts the admin key afterwards (the fuzz did not lock itself out)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth() })).statusCode).toBe(200);
  });
});

describe('the HTTP surface', () => {
  it('answers unknown routes with 404 problem+json', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api/v2/me', '/no-such-page']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { ...auth(), accept: 'application/json' } });
      expect(res.statusCode, url).toBe(404);
      expectWellFormed(res, url);
    }
    const longSegment = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${'x'.repeat(500)}`, headers: auth() });
    expect(longSegment.statusCode).toBe(414);
    expect(longSegment.json().type).toBe('https://kunde.dev/problems/uri-too-long');
    expectWellFormed(longSegment, 'over-long path segment');
    const badEncoding = await t.app.inject({ method: 'DELETE', url: '/api/v1/api-keys/%E0%A4%A', headers: auth() });
    expect(badEncoding.statusCode).toBe(400);
    expectWellFormed(badEncoding, 'bad percent-encoding');
    const wrongMethod = await t.app.inject({ method: 'PUT', url: '/api/v1/me', headers: auth() });
    expect(wrongMethod.statusCode).toBe(404);
    expectWellFormed(wrongMethod, 'PUT /api/v1/me');
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth() });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('reports health', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('echoes X-Request-Id and names it in problem documents', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...auth(), 'x-request-id': 'lb-7f3a.42' } });
    expect(ok.headers['x-request-id']).toBe('lb-7f3a.42');
    const problem = await t.app.inject({ method: 'GET', url: '/api/v1/jobs?limit=0', headers: { ...auth(), 'x-request-id': 'lb-7f3a.43' } });
    expect(problem.statusCode).toBe(400);
    expect(problem.headers['x-request-id']).toBe('lb-7f3a.43');
    expect(problem.json().requestId).toBe('lb-7f3a.43');
    // An id that could smuggle text into logs is replaced by our own.
    const unsafe = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers['x-request-id']).not.toBe('a b<script>');
    expect(unsafe.json().requestId).toBe(unsafe.headers['x-request-id']);
  });
});

describe('OpenAPI and docs', () => {
  it('is OpenAPI 3.1 and documents every /api/v1 route with a tag and a summary', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // Collect the routes the modules really register, on a second app over the same context.
    const registered: string[] = [];
    const collecting: RoutePlugin[] = allRoutes.map((register) =>
      Object.assign(
        async (scoped: FastifyInstance) => {
          scoped.addHook('onRoute', (route) => {
            for (const method of [route.method].flat()) {
              // Pages outside /api (the hosted survey page, /widget.js) are not API operations.
              if (method !== 'HEAD' && route.url.startsWith('/api/')) registered.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
            }
          });
          await register(scoped);
        },
        { prefix: register.prefix },
      ),
    );
    const probe = await buildApp(t.rt.ctx, collecting);
    await probe.ready();
    await probe.close();
    expect(registered.length).toBeGreaterThan(5);
    const documented = operations.map((o) => `${o.method} ${o.path}`);
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    for (const op of operations) {
      const spec = doc.paths[op.path][op.method.toLowerCase()];
      expect(spec.summary, `${op.method} ${op.path} summary`).toBeTruthy();
      expect(spec.tags?.length, `${op.method} ${op.path} tags`).toBeGreaterThan(0);
    }
  });

  it('serves the API reference at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});

describe('limits', () => {
  let strict: TestApp;
  let sw: TestWorkspace;
  beforeAll(async () => {
    strict = await createTestApp({
      env: { BODY_LIMIT_BYTES: '4096', RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_API_PER_MINUTE: '5', RATE_LIMIT_PUBLIC_PER_MINUTE: '3' },
    });
    sw = await buildWorkspace(strict.rt.ctx, 'Strict');
  });
  afterAll(async () => strict?.close());

  it('refuses a body over BODY_LIMIT_BYTES with 413 problem+json', async () => {
    const res = await strict.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${sw.keys.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'k'.repeat(5_000), role: 'viewer' }),
    });
    expect(res.statusCode).toBe(413);
    expectWellFormed(res, 'oversized body');
    const small = await strict.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { authorization: `Bearer ${sw.keys.admin}` },
      payload: { name: 'fits', role: 'viewer' },
    });
    expect(small.statusCode).toBe(201);
  });

  it('rate-limits sign-in attempts with 429 problem+json and Retry-After', async () => {
    const attempt = () =>
      strict.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: sw.email, password: 'wrong password' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expectWellFormed(limited, 'fourth login');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The right password does not get around the limit either.
    const right = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: sw.email, password: sw.password } });
    expect(right.statusCode).toBe(429);
  });

  it('counts each API key on its own', async () => {
    const me = (key: string) => strict.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    for (let i = 0; i < 5; i++) expect((await me(sw.keys.viewer)).statusCode).toBe(200);
    const limited = await me(sw.keys.viewer);
    expect(limited.statusCode).toBe(429);
    expectWellFormed(limited, 'sixth request of one key');
    expect((await me(sw.keys.analyst)).statusCode).toBe(200);
  });

  it('counts anonymous callers per address, whatever credentials they make up', async () => {
    const ping: RoutePlugin = (app) => {
      app.get('/test-public-ping', { schema: { hide: true }, config: { access: 'public' } }, async () => ({ pong: true }));
    };
    const server = await buildApp(strict.rt.ctx, [ping]);
    try {
      // A fresh, well-formed but unknown key each time must not buy a fresh budget.
      const attempt = () => server.inject({ method: 'GET', url: '/api/v1/test-public-ping', headers: { authorization: `Bearer kunde_${randomToken(8)}_${randomToken(32)}` } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(200);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expectWellFormed(limited, 'fourth anonymous request');
    } finally {
      await server.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request when the server closes', async () => {
    let arrived = false;
    const slowReport: RoutePlugin = (app) => {
      app.get('/test-slow-report', { schema: { hide: true }, config: { access: 'public' } }, async () => {
        arrived = true;
        await sleep(800);
        return { report: 'done' };
      });
    };
    const server = await buildApp(t.rt.ctx, [slowReport]);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/test-slow-report`);
    while (!arrived) await sleep(10);
    const closing = Date.now();
    const closed = server.close().then(() => 'closed');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ report: 'done' });
    // The client's keep-alive connection must not hold the shutdown open (it idles for 72 s).
    expect(await Promise.race([closed, sleep(5_000).then(() => 'still open')])).toBe('closed');
    expect(Date.now() - closing).toBeLessThan(5_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

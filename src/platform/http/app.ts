import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { installProblemHandlers, sendFrameworkProblem, sendProblem } from './problem.js';
import { installAuth } from '../auth/authenticate.js';
import { installIdempotency } from './idempotency.js';
import { documentProblems, installOperationIds } from './openapi.js';
import { connectRedis, memoryCounterStore, redisCounterStore } from './counters.js';
import './fastify-types.js';

/** A domain's routes, mounted under /api/v1 unless `prefix` says otherwise ('' for pages such as /s/…). */
export type RoutePlugin = ((app: FastifyInstance) => Promise<void> | void) & { prefix?: string };

const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Builds the HTTP application: security plugins, auth, OpenAPI, every domain's routes, the dashboard. */
export async function buildApp(ctx: AppContext, routes: RoutePlugin[]): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    trustProxy: ctx.config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newId();
    },
    // Per-request access lines only when debugging; errors are logged by the error handler.
    logController: new LogController({
      disableRequestLogging: ctx.config.LOG_LEVEL !== 'debug' && ctx.config.LOG_LEVEL !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: sendFrameworkProblem,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);
  // A closing server waits for its keep-alive connections, which idle for 72 s: requests still in
  // flight are answered with "Connection: close", so shutdown ends when they do.
  let isClosing = false;
  app.addHook('preClose', async () => {
    isClosing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (isClosing) reply.header('connection', 'close');
  });

  // The helmet middleware is built once; @fastify/helmet built it anew (options, CSP) for every request.
  const secureHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
        // Self-hosted installs often run on plain HTTP inside a network; upgrading would break them.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (req, reply, done) => secureHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined)));
  await app.register(cookie);
  // With REDIS_URL every API process counts in the same place (docs/scaling.md); else in this process.
  const redis = ctx.config.REDIS_URL ? await connectRedis(ctx.config.REDIS_URL) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  app.decorate('counters', redis ? redisCounterStore(redis, ctx.config.REDIS_KEY_PREFIX) : memoryCounterStore());
  await app.register(rateLimit, {
    global: true,
    ...(redis ? { redis, nameSpace: `${ctx.config.REDIS_KEY_PREFIX}rl:` } : {}),
    // Callers are limited per credential; anonymous callers per address.
    max: (req) => (req.routeOptions.config.access === 'public' ? ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE : ctx.config.RATE_LIMIT_API_PER_MINUTE),
    timeWindow: 60_000,
    // The limit is a route hook, so it runs after authentication: a caller counts per key or session,
    // and credentials that did not authenticate (made up to get a fresh budget) count per address.
    keyGenerator: (req) => {
      const caller = req.auth;
      return caller ? `c:${caller.apiKeyId ?? caller.sessionId ?? caller.userId}` : `ip:${req.ip}`;
    },
    allowList: (req) => !req.url.startsWith('/api/'),
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });

  installOperationIds(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      // Relative unless PUBLIC_URL is set: the document is served by the installation it describes.
      servers: [{ url: ctx.config.PUBLIC_URL ?? '/', description: 'This installation' }],
      info: {
        title: 'Kunde API',
        version: '1',
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
        description:
          'Customer Experience Management API. Authenticate with `Authorization: Bearer <api key>` or the dashboard session cookie (writes then need `X-CSRF-Token`). Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created in Settings → API keys or with `kunde api-keys create`.' },
          session: { type: 'apiKey', in: 'cookie', name: 'kunde_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => documentProblems('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app);
  installIdempotency(app);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.database.raw.query('select 1');
      return { status: 'ok' };
    } catch {
      return sendProblem(reply, 503, 'The database does not answer.', { code: 'unavailable' });
    }
  });

  for (const register of routes) await app.register(async (scoped) => register(scoped), { prefix: register.prefix ?? '/api/v1' });

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
    // The dashboard is a single-page app: unknown non-API GETs that want HTML get its shell. A
    // catch-all route, because Fastify allows one not-found handler per prefix and problem.ts owns it.
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (wantsHtml && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return sendProblem(reply, 404, `No route ${req.method} ${req.url.split('?')[0]}.`, { code: 'not_found' });
    });
  }
  return app;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { safeEqual } from '../ids.js';
import { sessionLifetimeOf } from '../config.js';
import { can } from './permissions.js';
import { FailureThrottle } from './throttle.js';

export const SESSION_COOKIE = 'kunde_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  if (!m) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <api key>".');
  return m[1].trim();
}

/**
 * Authenticates every /api request (bearer API key or session cookie), enforces CSRF on cookie
 * writes and the route's permission. Start-up fails if an /api route declares neither a permission
 * nor public/authenticated access, so no route can forget its check.
 */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const cfg = (route.config ?? {}) as { permission?: string; access?: string };
    if (!cfg.permission && !cfg.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no permission or access level`);
    }
  });

  const { db, config, credentials } = app.ctx;
  const lifetime = sessionLifetimeOf(config);
  // Made-up keys and cookies each cost a lookup, so failures are counted per address and refused past the
  // budget before the next lookup. This runs before the per-route rate limit, which counts per caller.
  const failures = new FailureThrottle(app.counters, {
    name: 'auth-failed',
    max: config.RATE_LIMIT_FAILED_AUTH_PER_MINUTE,
    windowMs: 60_000,
    message: (s) => `Too many requests with credentials that are not valid from this address; try again in ${s} s.`,
  });

  app.addHook('onRequest', async (req, reply) => {
    const cfg = req.routeOptions.config;
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const token = bearerToken(req);
    const cookie = token === undefined ? req.cookies[SESSION_COOKIE] : undefined;
    if (token !== undefined || cookie) await failures.assertOpen(req.ip);
    const client = { ip: req.ip, userAgent: req.headers['user-agent'] };
    if (token !== undefined) {
      const actor = await credentials.apiKey(db, token);
      if (!actor) await failures.fail(req.ip);
      if (!actor && cfg.access !== 'public') throw new AppError('unauthorized', 'The API key is not valid or was revoked.');
      if (actor) req.auth = { ...actor, ...client };
    } else {
      const actor = cookie ? await credentials.session(db, cookie, lifetime) : undefined;
      if (cookie && !actor) {
        await failures.fail(req.ip);
        // An ended or expired session: the browser should stop sending it (and stop using up the budget).
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      if (actor) {
        const { csrfToken } = actor;
        if (!SAFE_METHODS.has(req.method) && cfg.access !== 'public') {
          const sent = req.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !safeEqual(sent, csrfToken)) {
            throw new AppError('forbidden', 'Missing or wrong X-CSRF-Token header for a cookie-authenticated write.');
          }
        }
        req.auth = { ...actor, ...client };
      }
    }
    if (cfg.access === 'public') return;
    if (!req.auth) throw new AppError('unauthorized', 'Sign in or send an API key as "Authorization: Bearer <key>".');
    if (cfg.permission && !can(req.auth.role, cfg.permission)) {
      throw new AppError('forbidden', `Your role (${req.auth.role}) does not allow ${cfg.permission}.`);
    }
  });
}

/** The authenticated caller of a route that required authentication. */
export function actorOf(req: FastifyRequest) {
  if (!req.auth) throw new AppError('unauthorized', 'Not signed in.');
  return req.auth;
}

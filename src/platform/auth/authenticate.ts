import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { safeEqual } from '../ids.js';
import { can } from './permissions.js';
import { authenticateApiKey } from '../../accounts/api-keys.service.js';
import { authenticateSession } from '../../accounts/sessions.service.js';

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

  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const { db, config } = app.ctx;
    const token = bearerToken(req);
    const client = { ip: req.ip, userAgent: req.headers['user-agent'] };
    if (token !== undefined) {
      const actor = await authenticateApiKey(db, token);
      if (!actor && cfg.access !== 'public') throw new AppError('unauthorized', 'The API key is not valid or was revoked.');
      if (actor) req.auth = { ...actor, ...client };
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      const actor = cookie ? await authenticateSession(db, cookie, config.SESSION_TTL_HOURS) : undefined;
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

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionLifetimeOf } from '../platform/config.js';
import { FailureThrottle } from '../platform/auth/throttle.js';
import { actorOf, SESSION_COOKIE } from '../platform/auth/authenticate.js';
import { ZLogin, ZMe } from './accounts.schemas.js';
import { login, logout, switchWorkspace } from './sessions.service.js';
import { describeCaller } from './caller.service.js';
import { setSessionCookie } from './session-cookie.js';

/** Sign-in, sign-out, workspace switching and "who am I". */
export async function authRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const accountThrottle = new FailureThrottle(app.counters, {
    name: 'login-failed',
    max: ctx.config.LOGIN_FAILURES_PER_ACCOUNT,
    windowMs: ctx.config.LOGIN_LOCKOUT_MINUTES * 60_000,
    message: (s) => `Too many failed sign-ins for this e-mail address; try again in ${s} s.`,
  });

  app.post('/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password (sets the session cookie)', body: ZLogin,
      response: { 200: z.object({ workspaceId: z.uuid(), csrfToken: z.string() }) } },
    config: { access: 'public', rateLimit: { max: ctx.config.RATE_LIMIT_LOGIN_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req) => `login:${req.ip}` } },
  }, async (req, reply) => {
    const s = await login(ctx.db, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }, sessionLifetimeOf(ctx.config), accountThrottle);
    setSessionCookie(req, reply, s.token, sessionLifetimeOf(ctx.config));
    return { workspaceId: s.workspaceId, csrfToken: s.csrfToken };
  });

  app.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } },
    config: { access: 'authenticated' },
  }, async (req, reply) => {
    await logout(ctx.db, actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.post('/auth/switch-workspace', {
    schema: { tags: ['auth'], summary: 'Move the session to another workspace of the same user',
      body: z.object({ workspaceId: z.uuid() }), response: { 200: z.object({ workspaceId: z.uuid(), role: z.string() }) } },
    config: { access: 'authenticated' },
  }, async (req) => switchWorkspace(ctx.db, actorOf(req), req.body.workspaceId));

  app.get('/me', {
    schema: { tags: ['auth'], summary: 'Who is calling: user or API key, role and workspace', response: { 200: ZMe } },
    config: { access: 'authenticated' },
  }, async (req) => describeCaller(ctx.db, actorOf(req)));
}

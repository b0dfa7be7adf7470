import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZIdParams, ZProfilePatch, ZSession, ZUserProfile } from './accounts.schemas.js';
import { listMySessions, revokeMyOtherSessions, revokeMySession, updateProfile } from './profile.service.js';

/** The signed-in person's own profile and sessions. */
export async function profileRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.patch('/me', {
    schema: { tags: ['auth'], summary: 'Change my name, language or password (a new password ends my other sessions)',
      body: ZProfilePatch, response: { 200: ZUserProfile } },
    // Limited like sign-in: with a stolen session this is where the current password could be guessed.
    config: { access: 'authenticated', rateLimit: { max: ctx.config.RATE_LIMIT_LOGIN_PER_MINUTE, timeWindow: 60_000 } },
  }, async (req) => updateProfile(ctx.db, actorOf(req), req.body));

  app.get('/auth/sessions', {
    schema: { tags: ['auth'], summary: 'My signed-in sessions in all workspaces', response: { 200: z.object({ data: z.array(ZSession) }) } },
    config: { access: 'authenticated' },
  }, async (req) => ({ data: await listMySessions(ctx.db, actorOf(req)) }));

  app.delete('/auth/sessions', {
    schema: { tags: ['auth'], summary: 'Sign out all my sessions except this one', response: { 200: z.object({ revoked: z.number().int() }) } },
    config: { access: 'authenticated' },
  }, async (req) => revokeMyOtherSessions(ctx.db, actorOf(req)));

  app.delete('/auth/sessions/:id', {
    schema: { tags: ['auth'], summary: 'Sign out one of my sessions', params: ZIdParams, response: { 204: z.null() } },
    config: { access: 'authenticated' },
  }, async (req, reply) => {
    await revokeMySession(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}

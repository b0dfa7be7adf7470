import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionLifetimeOf } from '../platform/config.js';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZAcceptInvitation, ZIdParams, ZInvitation, ZInvitationPreview, ZInvitationToken, ZNewInvitation } from './accounts.schemas.js';
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './invitations.service.js';
import { setSessionCookie } from './session-cookie.js';

/** Inviting people by e-mail link, and the public pages the link opens. */
export async function invitationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['invitations'];
  const perIp = (scope: string, max: number) => ({ max, timeWindow: 60_000, keyGenerator: (req: { ip: string }) => `${scope}:${req.ip}` });

  app.get('/invitations', {
    schema: { tags, summary: 'List invitations with their status', response: { 200: z.object({ data: z.array(ZInvitation) }) } },
    config: { permission: 'members:manage' },
  }, async (req) => ({ data: await listInvitations(ctx.db, actorOf(req).workspaceId) }));

  app.post('/invitations', {
    schema: { tags, summary: 'Invite someone by e-mail (the link is valid for 7 days)', body: ZNewInvitation, response: { 201: ZInvitation } },
    config: { permission: 'members:manage' },
  }, async (req, reply) => reply.code(201).send(await createInvitation(ctx, actorOf(req), req.body)));

  app.delete('/invitations/:id', {
    schema: { tags, summary: 'Revoke a pending invitation', params: ZIdParams, response: { 200: ZInvitation } },
    config: { permission: 'members:manage' },
  }, async (req) => revokeInvitation(ctx.db, actorOf(req), req.params.id));

  app.get('/public/invitations/:token', {
    schema: { tags, summary: 'What an invitation link offers (404 once unknown, expired, revoked or used)',
      params: ZInvitationToken, response: { 200: ZInvitationPreview } },
    config: { access: 'public', rateLimit: perIp('invitation', ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE) },
  }, async (req) => previewInvitation(ctx.db, req.params.token));

  app.post('/public/invitations/:token/accept', {
    schema: { tags, summary: 'Accept an invitation: create or confirm the account, join, and sign in (sets the session cookie)',
      params: ZInvitationToken, body: ZAcceptInvitation, response: { 200: z.object({ workspaceId: z.uuid(), csrfToken: z.string() }) } },
    // Checks a password like sign-in does, so it is limited like sign-in.
    config: { access: 'public', rateLimit: perIp('invitation-accept', ctx.config.RATE_LIMIT_LOGIN_PER_MINUTE) },
  }, async (req, reply) => {
    const s = await acceptInvitation(ctx.db, req.params.token, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }, sessionLifetimeOf(ctx.config));
    setSessionCookie(req, reply, s.token, sessionLifetimeOf(ctx.config));
    return { workspaceId: s.workspaceId, csrfToken: s.csrfToken };
  });
}

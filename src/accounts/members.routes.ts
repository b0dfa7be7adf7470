import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZMember, ZMemberParams, ZMemberPatch } from './accounts.schemas.js';
import { changeMemberRole, listMembers, removeMember } from './members.service.js';

/** Who belongs to the workspace and with which role. */
export async function memberRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['members'];

  app.get('/members', {
    schema: { tags, summary: 'List the members of the workspace', response: { 200: z.object({ data: z.array(ZMember) }) } },
    config: { permission: 'members:read' },
  }, async (req) => ({ data: await listMembers(ctx.db, actorOf(req).workspaceId) }));

  app.patch('/members/:userId', {
    schema: { tags, summary: "Change a member's role (only owners manage owners; the last owner stays)",
      params: ZMemberParams, body: ZMemberPatch, response: { 200: ZMember } },
    config: { permission: 'members:manage' },
  }, async (req) => changeMemberRole(ctx.db, actorOf(req), req.params.userId, req.body.role));

  app.delete('/members/:userId', {
    schema: { tags, summary: 'Remove a member and end their sessions in this workspace', params: ZMemberParams, response: { 204: z.null() } },
    config: { permission: 'members:manage' },
  }, async (req, reply) => {
    await removeMember(ctx.db, actorOf(req), req.params.userId);
    return reply.code(204).send(null);
  });
}

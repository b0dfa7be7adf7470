import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZIdParams } from '../inbox.schemas.js';
import { ZConversationCsat, ZConversationCsatList } from './csat.schemas.js';
import { listConversationCsat, presentCsat, requestCsat } from './csat.service.js';

/** CSAT after resolution: what was asked on a conversation, and asking by hand or by API. */
export async function csatRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];

  app.get('/conversations/:id/csat-survey', {
    schema: { tags, summary: 'CSAT surveys asked after the resolutions of a conversation: sent or skipped (and why), and the score once answered', params: ZIdParams, response: { 200: ZConversationCsatList } },
    config: { permission: 'inbox:read' },
  }, async (req) => listConversationCsat(ctx, actorOf(req).workspaceId, req.params.id));

  app.post('/conversations/:id/csat-survey', {
    schema: {
      tags,
      summary: 'Send the CSAT survey for the current resolution (modes manual and on_resolve): 201 asked now (sent or skipped with the reason), 200 already asked for this resolution',
      params: ZIdParams,
      response: { 200: ZConversationCsat, 201: ZConversationCsat },
    },
    config: { permission: 'inbox:write' },
  }, async (req, reply) => {
    const decision = (await requestCsat(ctx, actorOf(req), req.params.id, 'manual'))!;
    return reply.code(decision.created ? 201 : 200).send(presentCsat(decision.row));
  });
}

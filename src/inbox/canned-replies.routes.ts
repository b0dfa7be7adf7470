import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZIdParams } from './inbox.schemas.js';
import { ZCannedReply, ZCannedReplyList, ZCannedReplyPatch, ZNewCannedReply, ZRenderParams, ZRenderQuery, ZRenderedReply } from './canned-replies.schemas.js';
import { createCannedReply, deleteCannedReply, listCannedReplies, renderCannedReply, updateCannedReply } from './canned-replies.service.js';

export async function cannedReplyRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];
  const manage = { permission: 'inbox:manage' } as const;

  app.get('/canned-replies', {
    schema: { tags, summary: 'List the canned replies (with every language) and the placeholders they may use', response: { 200: ZCannedReplyList } },
    config: { permission: 'inbox:read' },
  }, async (req) => listCannedReplies(ctx.db, actorOf(req).workspaceId));

  app.post('/canned-replies', {
    schema: { tags, summary: 'Create a canned reply: a name and its text per language, with {{placeholders}}', body: ZNewCannedReply, response: { 201: ZCannedReply } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createCannedReply(ctx, actorOf(req), req.body)));

  app.patch('/canned-replies/:id', {
    schema: { tags, summary: 'Rename a canned reply or replace its texts', params: ZIdParams, body: ZCannedReplyPatch, response: { 200: ZCannedReply } },
    config: manage,
  }, async (req) => updateCannedReply(ctx, actorOf(req), req.params.id, req.body));

  app.delete('/canned-replies/:id', {
    schema: { tags, summary: 'Delete a canned reply', params: ZIdParams },
    config: manage,
  }, async (req, reply) => {
    await deleteCannedReply(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  app.get('/conversations/:id/canned-replies/:replyId', {
    schema: { tags, summary: "A canned reply filled in for a conversation, in the conversation's (or customer's) language", params: ZRenderParams, querystring: ZRenderQuery, response: { 200: ZRenderedReply } },
    config: { permission: 'inbox:write' },
  }, async (req) => renderCannedReply(ctx, actorOf(req), req.params.id, req.params.replyId, req.query.language));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZNotifyRequest, ZNotifyResult, ZRequestCustomers, ZRequestTopicList, ZRequestTopicParams, ZStatusPatch } from './requests.schemas.js';
import { ZInsightsQuery } from './insights.schemas.js';
import { listRequestCustomers, listRequestTopics, notifyRequesters, setRequestStatus } from './requests.service.js';

/** The feature-request list: topics, the customers asking and their value, status, notify. */
export async function textRequestRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['text'];

  app.get('/text/requests', {
    schema: { tags, summary: 'Feature-request topics with counts, the customers asking, their spend/CLV and status (every request unless `from` is given)', querystring: ZInsightsQuery, response: { 200: ZRequestTopicList } },
    config: { permission: 'text:read' },
  }, async (req) => ({ data: await listRequestTopics(ctx.db, actorOf(req).workspaceId, req.query) }));

  app.get('/text/requests/:topic/customers', {
    schema: { tags, summary: 'The customers who asked for a topic, most valuable first', params: ZRequestTopicParams, response: { 200: ZRequestCustomers } },
    config: { permission: 'customers:read' },
  }, async (req) => ({ data: await listRequestCustomers(ctx.db, actorOf(req).workspaceId, req.params.topic) }));

  app.patch('/text/requests/:topic', {
    schema: { tags, summary: "Set a request topic's status (new, planned, done)", params: ZRequestTopicParams, body: ZStatusPatch, response: { 200: z.object({ topic: z.string(), status: z.string() }) } },
    config: { permission: 'text:manage' },
  }, async (req) => {
    await setRequestStatus(ctx, actorOf(req), req.params.topic, req.body.status);
    return { topic: req.params.topic, status: req.body.status };
  });

  app.post('/text/requests/:topic/notify', {
    schema: { tags, summary: 'E-mail the customers who asked for a topic (through the outbox; audited)', params: ZRequestTopicParams, body: ZNotifyRequest, response: { 200: ZNotifyResult } },
    config: { permission: 'text:manage' },
  }, async (req) => notifyRequesters(ctx, actorOf(req), req.params.topic, req.body));
}

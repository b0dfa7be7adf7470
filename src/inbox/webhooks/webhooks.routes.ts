import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZDelivery, ZDeliveryList, ZDeliveryParams, ZDeliveryQuery, ZNewWebhook, ZWebhook, ZWebhookIdParams, ZWebhookList, ZWebhookPatch, ZWebhookWithSecret } from './webhooks.schemas.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, rotateWebhookSecret, testWebhook, updateWebhook } from './webhooks.service.js';

export async function webhookRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['webhooks'];
  // Webhooks send conversations' text out of Kunde: only admins decide where to.
  const manage = { permission: 'inbox:manage' } as const;

  app.get('/webhooks', {
    schema: { tags, summary: 'List the webhook endpoints and the events they can subscribe to', response: { 200: ZWebhookList } },
    config: manage,
  }, async (req) => listWebhooks(ctx.db, actorOf(req).workspaceId));

  app.post('/webhooks', {
    schema: { tags, summary: 'Add a webhook endpoint; the signing secret is answered this once', body: ZNewWebhook, response: { 201: ZWebhookWithSecret } },
    config: { ...manage, idempotent: true },
  }, async (req, reply) => reply.code(201).send(await createWebhook(ctx, actorOf(req), req.body)));

  app.get('/webhooks/:id', {
    schema: { tags, summary: 'Get a webhook endpoint (without its secret)', params: ZWebhookIdParams, response: { 200: ZWebhook } },
    config: manage,
  }, async (req) => getWebhook(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.patch('/webhooks/:id', {
    schema: { tags, summary: 'Change the URL, description, events or enabled state of a webhook endpoint', params: ZWebhookIdParams, body: ZWebhookPatch, response: { 200: ZWebhook } },
    config: manage,
  }, async (req) => updateWebhook(ctx, actorOf(req), req.params.id, req.body));

  app.delete('/webhooks/:id', {
    schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: ZWebhookIdParams },
    config: manage,
  }, async (req, reply) => {
    await deleteWebhook(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  app.post('/webhooks/:id/rotate-secret', {
    schema: { tags, summary: 'Replace the signing secret; the new one is answered this once', params: ZWebhookIdParams, response: { 200: ZWebhookWithSecret } },
    config: manage,
  }, async (req) => rotateWebhookSecret(ctx, actorOf(req), req.params.id));

  app.post('/webhooks/:id/test', {
    schema: { tags, summary: 'Send a signed webhook.test event now and answer with the attempt', params: ZWebhookIdParams, response: { 200: ZDelivery } },
    config: manage,
  }, async (req) => testWebhook(ctx, actorOf(req), req.params.id));

  app.get('/webhooks/:id/deliveries', {
    schema: { tags, summary: 'The delivery log of an endpoint, newest first, with every attempt and status code', params: ZWebhookIdParams, querystring: ZDeliveryQuery, response: { 200: ZDeliveryList } },
    config: manage,
  }, async (req) => listDeliveries(ctx.db, actorOf(req).workspaceId, req.params.id, req.query));

  app.post('/webhooks/:id/deliveries/:deliveryId/retry', {
    schema: { tags, summary: 'Send a failed delivery again', params: ZDeliveryParams, response: { 202: ZDelivery } },
    config: manage,
  }, async (req, reply) => reply.code(202).send(await redeliver(ctx, actorOf(req), req.params.id, req.params.deliveryId)));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZApiKey, ZIdParams, ZNewApiKey } from './accounts.schemas.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

export async function apiKeyRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['api keys'];

  app.get('/api-keys', {
    schema: { tags, summary: 'List API keys (secrets are never shown again)', response: { 200: z.object({ data: z.array(ZApiKey) }) } },
    config: { permission: 'api-keys:manage' },
  }, async (req) => ({ data: await listApiKeys(ctx.db, actorOf(req).workspaceId) }));

  app.post('/api-keys', {
    schema: { tags, summary: 'Create an API key; the response holds the secret, shown once', body: ZNewApiKey,
      response: { 201: ZApiKey.extend({ key: z.string() }) } },
    config: { permission: 'api-keys:manage' },
  }, async (req, reply) => reply.code(201).send(await createApiKey(ctx.db, actorOf(req), req.body)));

  app.delete('/api-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', params: ZIdParams, response: { 200: ZApiKey } },
    config: { permission: 'api-keys:manage' },
  }, async (req) => revokeApiKey(ctx.db, actorOf(req), req.params.id));
}

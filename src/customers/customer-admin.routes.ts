import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import {
  ZAttributeDefinition,
  ZAttributeDefinitionPut,
  ZAttributeKey,
  ZCustomerSettings,
  ZCustomerSettingsPatch,
  ZMerge,
} from './customers.schemas.js';
import { listAttributeDefinitions, putAttributeDefinition } from './attributes.service.js';
import { getCustomerSettings, updateCustomerSettings } from './customer-settings.service.js';
import { undoMerge } from './merges.service.js';

export async function customerAdminRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.post('/customer-merges/:mergeId/undo', {
    schema: {
      tags: ['customers'],
      summary: 'Undo a merge: the merged profile gets its identities, events and fields back',
      params: z.object({ mergeId: z.uuid() }),
      response: { 200: ZMerge },
    },
    config: { permission: 'customers:merge' },
  }, async (req) => undoMerge(ctx, actorOf(req), req.params.mergeId));

  app.get('/customer-attributes', {
    schema: { tags: ['customer attributes'], summary: 'Custom attribute definitions (key, type, label)', response: { 200: z.object({ data: z.array(ZAttributeDefinition) }) } },
    config: { permission: 'customers:read' },
  }, async (req) => ({ data: await listAttributeDefinitions(ctx.db, actorOf(req).workspaceId) }));

  app.put('/customer-attributes/:key', {
    schema: {
      tags: ['customer attributes'],
      summary: 'Define an attribute or change its type/label (refused while stored values do not fit the new type)',
      params: z.object({ key: ZAttributeKey }),
      body: ZAttributeDefinitionPut,
      response: { 200: ZAttributeDefinition, 201: ZAttributeDefinition },
    },
    config: { permission: 'customers:import' },
  }, async (req, reply) => {
    const { definition, created } = await putAttributeDefinition(ctx, actorOf(req), req.params.key, req.body);
    return reply.code(created ? 201 : 200).send(definition);
  });

  app.get('/customer-settings', {
    schema: { tags: ['customer settings'], summary: 'Lifecycle thresholds and currency rates', response: { 200: ZCustomerSettings } },
    config: { permission: 'customers:read' },
  }, async (req) => getCustomerSettings(ctx.db, actorOf(req).workspaceId));

  app.patch('/customer-settings', {
    schema: {
      tags: ['customer settings'],
      summary: 'Change lifecycle thresholds or currency rates (traits are recomputed in the background)',
      body: ZCustomerSettingsPatch,
      response: { 200: ZCustomerSettings },
    },
    config: { permission: 'workspace:manage' },
  }, async (req) => updateCustomerSettings(ctx, actorOf(req), req.body));
}

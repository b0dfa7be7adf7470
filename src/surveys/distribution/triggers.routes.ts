import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZSurveyParams } from '../surveys.schemas.js';
import { ZTrigger, ZTriggerInput, ZTriggerList, ZTriggerParams, ZTriggerPatch } from './distribution.schemas.js';
import { createTrigger, deleteTrigger, listTriggers, updateTrigger } from './triggers.service.js';

/** Automatic triggers: when a customer event happens, send the survey by e-mail after a delay. */
export async function surveyTriggerRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['survey distribution'];

  app.get('/surveys/:id/triggers', {
    schema: { tags, summary: 'The survey’s automatic e-mail triggers', params: ZSurveyParams, response: { 200: ZTriggerList } },
    config: { permission: 'surveys:read' },
  }, async (req) => listTriggers(ctx, actorOf(req).workspaceId, req.params.id));

  app.post('/surveys/:id/triggers', {
    schema: {
      tags,
      summary: 'Add a trigger: when event X happens for a customer, e-mail this survey after delaySeconds',
      description: 'Body: {name, eventType, delaySeconds, eventConditions?: [{field, op, value}], profileConditions?: [{field, op, value}], isEnabled?}. Event conditions test the event’s properties (e.g. amount gte 10000); profile conditions the customer when the send is due (e.g. country eq DK, attributes.plan eq pro, traits.lifecycleStage neq churned).',
      params: ZSurveyParams,
      body: ZTriggerInput,
      response: { 201: ZTrigger },
    },
    config: { permission: 'surveys:manage' },
  }, async (req, reply) => reply.code(201).send(await createTrigger(ctx, actorOf(req), req.params.id, req.body)));

  app.patch('/surveys/:id/triggers/:triggerId', {
    schema: { tags, summary: 'Change or pause a trigger', params: ZTriggerParams, body: ZTriggerPatch, response: { 200: ZTrigger } },
    config: { permission: 'surveys:manage' },
  }, async (req) => updateTrigger(ctx, actorOf(req), req.params.id, req.params.triggerId, req.body));

  app.delete('/surveys/:id/triggers/:triggerId', {
    schema: { tags, summary: 'Delete a trigger (its invitation log stays)', params: ZTriggerParams },
    config: { permission: 'surveys:manage' },
  }, async (req, reply) => {
    await deleteTrigger(ctx, actorOf(req), req.params.id, req.params.triggerId);
    return reply.code(204).send();
  });
}

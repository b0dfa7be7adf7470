import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZNewPersona, ZPersona, ZPersonaIdParams, ZPersonaList, ZPersonaListQuery, ZPersonaPatch, ZPersonaQuery } from './personas.schemas.js';
import { createPersona, deletePersona, getPersona, listPersonas, updatePersona } from './personas.service.js';

export async function personaRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['personas'];
  const read = { permission: 'segments:read' } as const;
  const manage = { permission: 'segments:manage' } as const;

  app.get('/personas', {
    schema: { tags, summary: 'List personas with how many customers fit each', querystring: ZPersonaListQuery, response: { 200: ZPersonaList } },
    config: read,
  }, async (req) => listPersonas(ctx.db, actorOf(req).workspaceId, req.query));

  app.post('/personas', {
    schema: { tags, summary: 'Create a persona matched by a segment rule', body: ZNewPersona, response: { 201: ZPersona } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createPersona(ctx.db, actorOf(req), req.body)));

  app.get('/personas/:id', {
    schema: { tags, summary: 'Get a persona with its matched customer count and share', params: ZPersonaIdParams, querystring: ZPersonaQuery, response: { 200: ZPersona } },
    config: read,
  }, async (req) => getPersona(ctx.db, actorOf(req).workspaceId, req.params.id, req.query.refresh));

  app.patch('/personas/:id', {
    schema: { tags, summary: 'Change a persona', params: ZPersonaIdParams, body: ZPersonaPatch, response: { 200: ZPersona } },
    config: manage,
  }, async (req) => updatePersona(ctx.db, actorOf(req), req.params.id, req.body));

  app.delete('/personas/:id', {
    schema: { tags, summary: 'Delete a persona', params: ZPersonaIdParams },
    config: manage,
  }, async (req, reply) => {
    await deletePersona(ctx.db, actorOf(req), req.params.id);
    return reply.code(204).send();
  });
}

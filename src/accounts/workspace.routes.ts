import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZNewWorkspace, ZWorkspace, ZWorkspacePatch } from './accounts.schemas.js';
import { createAdditionalWorkspace, getWorkspace, updateWorkspace } from './workspaces.service.js';

/** The caller's workspace and its settings, and starting another one. */
export async function workspaceRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['workspace'];

  app.get('/workspace', {
    schema: { tags, summary: 'The current workspace and its settings', response: { 200: ZWorkspace } },
    config: { permission: 'workspace:read' },
  }, async (req) => getWorkspace(ctx.db, actorOf(req).workspaceId));

  app.patch('/workspace', {
    schema: { tags, summary: 'Change name, time zone, default language or base currency', body: ZWorkspacePatch, response: { 200: ZWorkspace } },
    config: { permission: 'workspace:manage' },
  }, async (req) => updateWorkspace(ctx.db, actorOf(req), req.body));

  app.post('/workspaces', {
    schema: { tags, summary: 'Start a new workspace owned by the signed-in user (not for API keys)', body: ZNewWorkspace, response: { 201: ZWorkspace } },
    config: { access: 'authenticated' },
  }, async (req, reply) => reply.code(201).send(await createAdditionalWorkspace(ctx.db, actorOf(req), req.body.name)));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { recordAudit } from '../audit/audit.service.js';
import { ZCategoryList, ZCategoryParams, ZCategoryPatch, ZCategoryWrite, ZNewCategory } from './categories.schemas.js';
import { createCategory, deleteCategory, listCategories, updateCategory } from './categories.service.js';
import { ZRun, ZRunList, ZRunParams } from './runs.schemas.js';
import { getRun, listRuns, startRun } from './runs.service.js';

/** Categories (theme rules) and the backfill / re-tag runs over stored texts. */
export async function textAdminRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['text'];
  const read = { permission: 'text:read' } as const;
  const manage = { permission: 'text:manage' } as const;

  app.get('/text/categories', {
    schema: { tags, summary: "The workspace's categories with their keyword/phrase rules per language (the ready-made set until one is edited)", response: { 200: ZCategoryList } },
    config: read,
  }, async (req) => ({ data: await listCategories(ctx.db, actorOf(req).workspaceId) }));

  app.post('/text/categories', {
    schema: { tags, summary: 'Create a category; stored texts are re-tagged by a run', body: ZNewCategory, response: { 201: ZCategoryWrite } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createCategory(ctx, actorOf(req), req.body)));

  app.patch('/text/categories/:key', {
    schema: { tags, summary: "Change a category's label and/or rules; stored texts are re-tagged by a run", params: ZCategoryParams, body: ZCategoryPatch, response: { 200: ZCategoryWrite } },
    config: manage,
  }, async (req) => updateCategory(ctx, actorOf(req), req.params.key, req.body));

  app.delete('/text/categories/:key', {
    schema: { tags, summary: 'Delete a category; stored texts lose it in a re-tag run', params: ZCategoryParams, response: { 200: ZCategoryWrite } },
    config: manage,
  }, async (req) => deleteCategory(ctx, actorOf(req), req.params.key));

  app.post('/text/backfill', {
    schema: { tags, summary: 'Analyse every existing survey comment and commented customer event (a run; idempotent)', response: { 202: ZRun } },
    config: manage,
  }, async (req, reply) => {
    const actor = actorOf(req);
    const id = await startRun(ctx, actor.workspaceId, 'backfill');
    await recordAudit(ctx.db, actor, { action: 'text.backfill', targetType: 'text_run', targetId: id });
    return reply.code(202).send(await getRun(ctx.db, actor.workspaceId, id));
  });

  app.get('/text/runs', {
    schema: { tags, summary: 'The latest 20 backfill and re-tag runs with progress', response: { 200: ZRunList } },
    config: read,
  }, async (req) => ({ data: await listRuns(ctx.db, actorOf(req).workspaceId) }));

  app.get('/text/runs/:id', {
    schema: { tags, summary: 'Progress of one backfill or re-tag run', params: ZRunParams, response: { 200: ZRun } },
    config: read,
  }, async (req) => getRun(ctx.db, actorOf(req).workspaceId, req.params.id));
}

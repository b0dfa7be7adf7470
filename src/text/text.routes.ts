import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  ZAnalyzeRequest,
  ZAnalyzeResponse,
  ZCorrection,
  ZExamplesRequest,
  ZExamplesResponse,
  ZStoredAnalysis,
  ZTextRefParams,
  ZTrainRequest,
  ZTrainResponse,
} from './text.schemas.js';
import { addExamples, analyzeTexts, correctAnalysis, getStoredAnalysis } from './text.service.js';
import { scheduleTraining } from './text.jobs.js';
import { trainWorkspaceModels } from './train-models.js';
import { findModelInfos } from './text.queries.js';
import { ZInsights, ZInsightsQuery } from './insights.schemas.js';
import { getInsights } from './insights.service.js';
import { textAdminRoutes } from './text-admin.routes.js';
import { textRequestRoutes } from './requests.routes.js';
import { textExportRoutes } from './export.routes.js';

export async function textRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['text'];
  const read = { permission: 'text:read' } as const;
  const write = { permission: 'text:write' } as const;
  const train = { permission: 'text:train' } as const;

  app.post('/text/analyze', {
    schema: { tags, summary: 'Language, sentiment, themes and feature-request flag of up to 1,000 texts (nothing is stored)', body: ZAnalyzeRequest, response: { 200: ZAnalyzeResponse } },
    config: read,
  }, async (req) => ({ results: await analyzeTexts(ctx, actorOf(req), req.body.texts) }));

  app.post('/text/examples', {
    schema: { tags, summary: "Store up to 1,000 labelled texts as training data for the workspace's models", body: ZExamplesRequest, response: { 201: ZExamplesResponse } },
    config: write,
  }, async (req, reply) => reply.code(201).send(await addExamples(ctx, actorOf(req), req.body.examples)));

  app.post('/text/models/train', {
    schema: { tags, summary: "Train the workspace's per-language models now and answer with their held-out accuracy against the shipped model", body: ZTrainRequest, response: { 200: ZTrainResponse } },
    config: train,
  }, async (req) => {
    const actor = actorOf(req);
    const models = await trainWorkspaceModels(ctx.db, actor.workspaceId);
    await recordAudit(ctx.db, actor, { action: 'text.models.train', targetType: 'text_models', details: { languages: models.map((m) => m.language) } });
    return { models };
  });

  app.post('/text/models/train-job', {
    schema: { tags, summary: 'Queue the same training as a background job (the dashboard uses this)', body: ZTrainRequest, response: { 202: z.object({ jobId: z.string().nullable() }) } },
    config: train,
  }, async (req, reply) => reply.code(202).send({ jobId: await scheduleTraining(ctx, actorOf(req).workspaceId) }));

  app.get('/text/models', {
    schema: { tags, summary: "The workspace's trained models with their held-out accuracy", response: { 200: ZTrainResponse } },
    config: read,
  }, async (req) => ({ models: await findModelInfos(ctx.db, actorOf(req).workspaceId) }));

  app.get('/text/analyses/:source/:sourceId', {
    schema: { tags, summary: 'The stored analysis of one text (a survey comment, review, message)', params: ZTextRefParams, response: { 200: ZStoredAnalysis } },
    config: read,
  }, async (req) => getStoredAnalysis(ctx.db, actorOf(req).workspaceId, req.params.source, req.params.sourceId));

  app.patch('/text/analyses/:source/:sourceId', {
    schema: { tags, summary: "Correct a text's sentiment and/or themes; the correction becomes training data", params: ZTextRefParams, body: ZCorrection, response: { 200: ZStoredAnalysis } },
    config: write,
  }, async (req) => correctAnalysis(ctx, actorOf(req), req.params.source, req.params.sourceId, req.body));

  await textAdminRoutes(base);
  await textRequestRoutes(base);
  await textExportRoutes(base);

  app.get('/text/insights', {
    schema: { tags, summary: 'Themes ranked by volume, sentiment and NPS impact; rising issues with the reason; feature requests by theme', querystring: ZInsightsQuery, response: { 200: ZInsights } },
    config: read,
  }, async (req) => getInsights(ctx.db, actorOf(req).workspaceId, req.query));
}

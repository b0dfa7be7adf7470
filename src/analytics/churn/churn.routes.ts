import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { recordAudit } from '../../audit/audit.service.js';
import { ZAtRiskList, ZAtRiskQuery, ZChurnModelState, ZTrainChurnRequest, ZTrainChurnResponse } from './churn.schemas.js';
import { getAtRiskCustomers, getChurnModelState, trainWorkspaceChurnModel } from './churn.service.js';
import { scheduleChurnTraining } from './churn.jobs.js';

export async function churnRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  // The model's state shows aggregates (analytics:read); the at-risk list names people (customers:read).
  const read = { permission: 'analytics:read' } as const;
  const readPeople = { permission: 'customers:read' } as const;
  const train = { permission: 'churn:train' } as const;

  app.post('/analytics/churn-model/train', {
    schema: {
      tags,
      summary: "Train the workspace's churn model now; answers its held-out AUC, n, features and calibration, and queues scoring of every customer (churnRisk)",
      description: 'Label: a custom attribute and the value meaning "churned" as written in the imported file ("Yes" also matches true in a boolean attribute). Customers whose label attribute is missing are not trained on; they are scored. Without a label the workspace lifecycle rule (churned stage or a subscription_cancelled event) is the label.',
      body: ZTrainChurnRequest,
      response: { 200: ZTrainChurnResponse },
    },
    config: train,
  }, async (req) => trainWorkspaceChurnModel(ctx, actorOf(req), req.body));

  app.post('/analytics/churn-model/train-job', {
    schema: { tags, summary: 'Queue the same training as a background job (the dashboard uses this; GET /analytics/churn-model shows the result)', body: ZTrainChurnRequest, response: { 202: z.object({ jobId: z.string().nullable() }) } },
    config: train,
  }, async (req, reply) => {
    const actor = actorOf(req);
    const jobId = await scheduleChurnTraining(ctx, actor.workspaceId, actor.label, req.body.label);
    await recordAudit(ctx.db, actor, { action: 'churn_model.training_queued', targetType: 'churn_model', details: { label: req.body.label ?? { lost: true }, jobId } });
    return reply.code(202).send({ jobId });
  });

  app.get('/analytics/churn-model', {
    schema: { tags, summary: 'The newest churn model: held-out AUC, calibration, n, features by importance and scoring progress (model null before the first training)', response: { 200: ZChurnModelState } },
    config: read,
  }, async (req) => getChurnModelState(ctx.db, actorOf(req).workspaceId));

  app.get('/analytics/churn-model/at-risk', {
    schema: { tags, summary: 'Customers at or above a churn risk (default 0.7), riskiest first, with the factors behind each score; paged by nextCursor', querystring: ZAtRiskQuery, response: { 200: ZAtRiskList } },
    config: readPeople,
  }, async (req) => getAtRiskCustomers(ctx.db, actorOf(req).workspaceId, req.query));
}

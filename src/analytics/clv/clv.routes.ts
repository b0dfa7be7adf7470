import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { recordAudit } from '../../audit/audit.service.js';
import { ZClvModel, ZClvModelState, ZCustomerClv, ZFitClvRequest, ZMarginQuery } from './clv.schemas.js';
import { fitWorkspaceClv, getClvModelState, getCustomerClv } from './clv.service.js';
import { scheduleClvFit } from './clv.jobs.js';

export async function clvRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  // Fitting is model training like the churn model's; the fit itself shows only aggregates.
  const fit = { permission: 'churn:train' } as const;
  const read = { permission: 'analytics:read' } as const;

  app.post('/analytics/clv-model/fit', {
    schema: { tags, summary: 'Fit predictive CLV (BG/NBD + Gamma-Gamma) to the workspace buyers now and predict every buyer over 52 weeks', body: ZFitClvRequest, response: { 200: ZClvModel } },
    config: fit,
  }, async (req) => fitWorkspaceClv(ctx, actorOf(req)));

  app.post('/analytics/clv-model/fit-job', {
    schema: { tags, summary: 'Queue the same fit as a background job (GET /analytics/clv-model shows the result)', body: ZFitClvRequest, response: { 202: z.object({ jobId: z.string().nullable() }) } },
    config: fit,
  }, async (req, reply) => {
    const actor = actorOf(req);
    const jobId = await scheduleClvFit(ctx, actor.workspaceId, actor.label);
    await recordAudit(ctx.db, actor, { action: 'clv_model.fit_queued', targetType: 'clv_model', details: { jobId } });
    return reply.code(202).send({ jobId });
  });

  app.get('/analytics/clv-model', {
    schema: { tags, summary: 'The newest predictive CLV fit: parameters, buyers used, horizon (model null before the first fit)', response: { 200: ZClvModelState } },
    config: read,
  }, async (req) => getClvModelState(ctx.db, actorOf(req).workspaceId));

  app.get('/analytics/clv-model/customers/:customerId', {
    schema: {
      tags,
      summary: "One customer's predicted purchases, P(alive) and value over 52 weeks",
      params: z.object({ customerId: z.uuid() }),
      querystring: ZMarginQuery,
      response: { 200: ZCustomerClv },
    },
    config: { permission: 'customers:read' },
  }, async (req) => getCustomerClv(ctx.db, actorOf(req).workspaceId, req.params.customerId, req.query.margin));
}

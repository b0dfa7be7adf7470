import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZChurnMetric, ZClvMetric, ZClvQuery, ZRetentionMetric, ZRetentionQuery } from './retention.schemas.js';
import { getChurnMetric, getClvMetric, getRetentionMetric } from './retention.service.js';
import { ZChurnReasonQuery, ZChurnReasons } from './churn-reasons.schemas.js';
import { getChurnReasons } from './churn-reasons.js';

export async function retentionRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  const config = { permission: 'analytics:read' } as const;

  app.get('/metrics/churn', {
    schema: { tags, summary: 'Churn rate per period (lost ÷ at start) under the workspace lifecycle rule, with NPS of churned vs retained customers', querystring: ZRetentionQuery, response: { 200: ZChurnMetric } },
    config,
  }, async (req) => getChurnMetric(ctx.db, actorOf(req).workspaceId, req.query));

  app.get('/metrics/retention', {
    schema: { tags, summary: 'Retention rate per period ((end − new) ÷ start, and end ÷ start beside it) and the cohort matrix by first-purchase month', querystring: ZRetentionQuery, response: { 200: ZRetentionMetric } },
    config,
  }, async (req) => getRetentionMetric(ctx.db, actorOf(req).workspaceId, req.query));

  app.get('/metrics/churn-reasons', {
    schema: { tags, summary: 'Why customers left: cancellation reasons and exit-survey answers of the customers lost in the period, with shares and intervals', querystring: ZChurnReasonQuery, response: { 200: ZChurnReasons } },
    config,
  }, async (req) => getChurnReasons(ctx, actorOf(req).workspaceId, req.query));

  app.get('/metrics/clv', {
    schema: { tags, summary: 'Customer lifetime value: historical (net spend to date × margin, mean and median per buyer) and predictive (expected value over 52 weeks from BG/NBD + Gamma-Gamma)', querystring: ZClvQuery, response: { 200: ZClvMetric } },
    config,
  }, async (req) => getClvMetric(ctx.db, actorOf(req).workspaceId, req.query));
}

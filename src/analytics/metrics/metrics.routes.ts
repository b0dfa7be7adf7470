import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZCsatQuery, ZMetricAnswer, ZMetricQuery } from './metrics.schemas.js';
import { ZKeyDriverQuery, ZKeyDrivers } from './key-drivers.schemas.js';
import { getKeyDrivers } from './key-drivers.js';
import { getCesMetric, getCsatMetric, getNpsMetric, getResponseRateMetric } from './metrics.service.js';

/**
 * CX metrics. One explicit route per metric (no /metrics/:metric) so other analytics modules register
 * theirs (churn, retention, clv) beside these.
 */
export async function metricRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  const config = { permission: 'analytics:read' } as const;
  const response = { 200: ZMetricAnswer };

  app.get('/metrics/nps', {
    schema: { tags, summary: 'NPS with promoters, passives, detractors, 95 % margin of error, series, groups and period comparison', querystring: ZMetricQuery, response },
    config,
  }, async (req) => getNpsMetric(ctx, actorOf(req).workspaceId, req.query));

  app.get('/metrics/csat', {
    schema: { tags, summary: 'CSAT: % in the top boxes with a Wilson interval, and the mean', querystring: ZCsatQuery, response },
    config,
  }, async (req) => getCsatMetric(ctx, actorOf(req).workspaceId, req.query));

  app.get('/metrics/ces', {
    schema: { tags, summary: 'CES: mean with its interval and % easy', querystring: ZMetricQuery, response },
    config,
  }, async (req) => getCesMetric(ctx, actorOf(req).workspaceId, req.query));

  app.get('/metrics/response-rate', {
    schema: { tags, summary: 'Response volume and completion rate (response rate once invitations are counted)', querystring: ZMetricQuery, response },
    config,
  }, async (req) => getResponseRateMetric(ctx, actorOf(req).workspaceId, req.query));

  app.get('/metrics/key-drivers', {
    schema: { tags, summary: 'Key drivers of NPS: relative importance (LMG share of R²) of the survey\'s CSAT, CES, rating and choice questions', querystring: ZKeyDriverQuery, response: { 200: ZKeyDrivers } },
    config,
  }, async (req) => getKeyDrivers(ctx, actorOf(req).workspaceId, req.query));
}

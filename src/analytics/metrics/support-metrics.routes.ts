import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZSupportMetric, ZSupportMetricQuery } from './support-metrics.schemas.js';
import { getSupportMetric } from './support-metrics.service.js';

/** Support metrics from the inbox: first response, resolution, first-contact resolution, SLA, follow-ups, backlog. */
export async function supportMetricRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  const config = { permission: 'analytics:read' } as const;
  const schema = (summary: string) => ({ tags, summary, querystring: ZSupportMetricQuery, response: { 200: ZSupportMetric } });

  app.get('/metrics/first-response-time', { schema: schema('First response time: median and mean minutes, wall-clock and in business hours, per team, agent, channel, tag and period'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'first-response-time', req.query));
  app.get('/metrics/resolution-time', { schema: schema('Resolution time: median and mean minutes, wall-clock and in business hours'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'resolution-time', req.query));
  app.get('/metrics/fcr', { schema: schema('First-contact resolution: % of resolved conversations solved with one agent reply'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'fcr', req.query));
  app.get('/metrics/sla', { schema: schema('SLA met: % of decided first-response and resolution targets met'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'sla', req.query));
  app.get('/metrics/follow-up', { schema: schema('Detractor follow-up rate and time to follow up'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'follow-up', req.query));
  app.get('/metrics/backlog', { schema: schema('Backlog (unresolved) and volume of conversations, by channel, tag, team, agent and period'), config }, async (req) =>
    getSupportMetric(ctx.db, actorOf(req).workspaceId, 'backlog', req.query));
}

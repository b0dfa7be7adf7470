import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZSocialEngagement, ZSocialQuery } from './social-engagement.schemas.js';
import { getSocialEngagement } from './social-engagement.js';

/** Social engagement rate from imported social_metrics events. */
export async function socialEngagementRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  app.get('/metrics/social-engagement', {
    schema: { tags: ['analytics'], summary: 'Social engagement rate (engagements ÷ impressions) from social_metrics events, per period and network', querystring: ZSocialQuery, response: { 200: ZSocialEngagement } },
    config: { permission: 'analytics:read' },
  }, async (req) => getSocialEngagement(ctx.db, actorOf(req).workspaceId, req.query));
}

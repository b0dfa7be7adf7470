import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZCommentPage, ZCommentsQuery, ZExplore, ZExploreQuery, ZFacets } from './explore.schemas.js';
import { getComments, getExplore, getFacets } from './explore.service.js';

/** Reads the text-analytics dashboard needs beside /text/insights: comments behind a view, trend, co-occurrence, terms. */
export async function textExploreRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['text'];
  const read = { permission: 'text:read' } as const;

  app.get('/text/comments', {
    schema: { tags, summary: 'Analysed texts of a period, newest first, by theme, sentiment or feature-request flag (corrections count)', querystring: ZCommentsQuery, response: { 200: ZCommentPage } },
    config: read,
  }, async (req) => getComments(ctx.db, actorOf(req).workspaceId, req.query));

  app.get('/text/explore', {
    schema: { tags, summary: 'Theme mentions per week, theme co-occurrence and the most used words and phrases of a period', querystring: ZExploreQuery, response: { 200: ZExplore } },
    config: read,
  }, async (req) => getExplore(ctx.db, actorOf(req).workspaceId, req.query));

  app.get('/text/facets', {
    schema: { tags, summary: 'The touchpoints, channels, teams and languages of the analysed texts (the choices of the insight filter)', response: { 200: ZFacets } },
    config: read,
  }, async (req) => getFacets(ctx.db, actorOf(req).workspaceId));
}

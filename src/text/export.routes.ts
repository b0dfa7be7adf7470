import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { attachment } from '../platform/http/csv-stream.js';
import { ZInsightsQuery } from './insights.schemas.js';
import { ZCommentsQuery } from './explore.schemas.js';
import { exportCommentsCsv, exportRequestsCsv, exportThemesCsv } from './export.service.js';

const ZCommentsExportQuery = ZCommentsQuery.omit({ limit: true, cursor: true });

/** CSV downloads of the insight views; each takes the same filter as the view it exports. */
export async function textExportRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['text'];
  const config = { permission: 'text:export' } as const;
  const csv = 'text/csv; charset=utf-8';

  app.get('/text/insights/themes.csv', {
    schema: { tags, summary: 'Download the themes of a period as CSV (volume, sentiment, NPS impact; same filters as /text/insights)', querystring: ZInsightsQuery, produces: ['text/csv'] },
    config,
  }, async (req, reply) => reply.type(csv).header('content-disposition', attachment('themes.csv')).send(await exportThemesCsv(ctx.db, actorOf(req).workspaceId, req.query)));

  app.get('/text/comments.csv', {
    schema: { tags, summary: 'Download the comments behind a view as CSV (streamed; same filters as /text/comments)', querystring: ZCommentsExportQuery, produces: ['text/csv'] },
    config,
  }, async (req, reply) => reply.type(csv).header('content-disposition', attachment(`comments${req.query.theme ? `-${req.query.theme}` : ''}.csv`)).send(await exportCommentsCsv(ctx.db, actorOf(req).workspaceId, req.query)));

  app.get('/text/requests.csv', {
    schema: { tags, summary: 'Download the feature-request list as CSV (same filters as /text/requests)', querystring: ZInsightsQuery, produces: ['text/csv'] },
    config,
  }, async (req, reply) => reply.type(csv).header('content-disposition', attachment('feature-requests.csv')).send(await exportRequestsCsv(ctx.db, actorOf(req).workspaceId, req.query)));
}

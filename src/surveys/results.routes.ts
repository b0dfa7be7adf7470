import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZSurveyParams } from './surveys.schemas.js';
import { ZResponseFilterQuery, ZResponseList, ZResponseListQuery, ZSummaryQuery, ZSurveySummary } from './results.schemas.js';
import { exportResponsesCsv, listResponses, surveySummary } from './results.service.js';

/** Results of a survey: summary, responses, CSV export. */
export async function surveyResultRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['surveys'];

  app.get('/surveys/:id/summary', {
    schema: {
      tags,
      summary: 'Response counts (finished and partial), completion, and per question NPS / CSAT / CES / rating / choice figures with drop-off',
      params: ZSurveyParams,
      querystring: ZSummaryQuery,
      response: { 200: ZSurveySummary },
    },
    config: { permission: 'surveys:read' },
  }, async (req) => {
    const { lang, ...filter } = req.query;
    return surveySummary(ctx, actorOf(req).workspaceId, req.params.id, filter, lang);
  });

  app.get('/surveys/:id/responses', {
    schema: { tags, summary: 'Responses, newest first, with customer and touchpoint (cursor pages, filters)', params: ZSurveyParams, querystring: ZResponseListQuery, response: { 200: ZResponseList } },
    config: { permission: 'surveys:read' },
  }, async (req) => {
    const { limit, cursor, ...filter } = req.query;
    return listResponses(ctx, actorOf(req).workspaceId, req.params.id, filter, limit, cursor);
  });

  app.get('/surveys/:id/responses.csv', {
    schema: { tags, summary: 'Download the responses as CSV (streamed; same filters as the list)', params: ZSurveyParams, querystring: ZResponseFilterQuery, produces: ['text/csv'] },
    config: { permission: 'surveys:export' },
  }, async (req, reply) => {
    const { fileName, stream } = await exportResponsesCsv(ctx, actorOf(req).workspaceId, req.params.id, req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(stream);
  });
}

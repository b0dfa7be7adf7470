import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZSurveyParams } from '../surveys.schemas.js';
import { ZLinkQuery, ZQrQuery, ZSurveyLink } from './share.schemas.js';
import { getSurveyLink, getSurveyQrCode } from './share.service.js';

/** Sharing a survey: its short public link and QR codes for a channel, touchpoint and source. */
export async function surveyShareRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['surveys'];

  app.get('/surveys/:id/link', {
    schema: {
      tags,
      summary: 'The short public link for a channel, touchpoint, source, language and hidden fields (hidden.<name>=value)',
      params: ZSurveyParams,
      querystring: ZLinkQuery,
      response: { 200: ZSurveyLink },
    },
    config: { permission: 'surveys:read' },
  }, async (req) => getSurveyLink(ctx, actorOf(req).workspaceId, req.params.id, req.query));

  for (const format of ['svg', 'png'] as const) {
    app.get(`/surveys/:id/qr.${format}`, {
      schema: {
        tags,
        summary: `The link as a QR code (${format.toUpperCase()}); channel defaults to qr`,
        params: ZSurveyParams,
        querystring: ZQrQuery,
        produces: [format === 'svg' ? 'image/svg+xml' : 'image/png'],
      },
      config: { permission: 'surveys:read' },
    }, async (req, reply) => {
      const qr = await getSurveyQrCode(ctx, actorOf(req).workspaceId, req.params.id, req.query, format);
      const download = req.query.download === '1';
      return reply
        .type(format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${qr.fileName}"`)
        .header('x-survey-link', qr.url)
        .send(qr.body);
    });
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../platform/errors.js';
import { ZPublicResponseParams, ZPublicSurvey, ZPublicSurveyParams, ZPublicSurveyQuery, ZResponseAck, ZResponseInput, ZResponsePatch } from './surveys.schemas.js';
import { continueResponse, submitResponse } from './responses.service.js';
import { getPublicSurvey } from './public-survey.js';

/**
 * CORS for the respondent endpoints only: the website widget posts from customers' own sites. No
 * credentials are involved (answers carry their own secret), so any origin may call them.
 */
function allowAnyOrigin(req: FastifyRequest, reply: FastifyReply, done: () => void) {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS');
  reply.header('access-control-allow-headers', 'content-type, idempotency-key');
  reply.header('access-control-max-age', '86400');
  // Helmet's same-origin resource policy would stop browsers reading these replies cross-site.
  reply.header('cross-origin-resource-policy', 'cross-origin');
  done();
}

function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 1 || key.length > 200) throw new AppError('bad_request', 'Idempotency-Key must be 1–200 characters.');
  return key;
}

/** What respondents call: the hosted page, the widget, one-click e-mail scores. No credentials. */
export async function publicSurveyRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['survey responses (public)'];
  const perIp = (scope: string) => ({ max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `${scope}:${req.ip}` });
  app.addHook('onRequest', allowAnyOrigin);

  // CORS preflights of the widget's JSON POSTs and PATCHes.
  for (const url of ['/public/surveys/:idOrSlug', '/public/surveys/:idOrSlug/responses', '/public/surveys/:idOrSlug/responses/:responseId']) {
    app.options(url, { schema: { tags, summary: 'CORS preflight' }, config: { access: 'public' } }, async (_req, reply) => reply.code(204).send());
  }

  app.get('/public/surveys/:idOrSlug', {
    schema: {
      tags,
      summary: 'A published survey as a respondent sees it (by id or slug), texts in ?lang= or the default language',
      params: ZPublicSurveyParams,
      querystring: ZPublicSurveyQuery,
      response: { 200: ZPublicSurvey },
    },
    config: { access: 'public', rateLimit: perIp('survey-read') },
  }, async (req) => getPublicSurvey(ctx, req.params.idOrSlug, req.query.lang));

  app.post('/public/surveys/:idOrSlug/responses', {
    schema: {
      tags,
      summary: 'Answer a survey (Idempotency-Key honoured; a 2xx means the response is committed)',
      description: 'Body: {answers: {questionId: value}, language?, finished?, token?, customer?: {email|externalId}, hidden?}. Returns the response id and a secret for PATCH. An answer that does not fit its question is a 422 naming it.',
      params: ZPublicSurveyParams,
      body: ZResponseInput,
      response: { 200: ZResponseAck, 201: ZResponseAck },
    },
    config: { access: 'public', rateLimit: perIp('survey-response') },
  }, async (req, reply) => {
    const out = await submitResponse(ctx, req.params.idOrSlug, req.body, { idempotencyKey: idempotencyKeyOf(req), userAgent: req.headers['user-agent'] });
    if (out.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(out.statusCode === 200 ? 200 : 201).send(out.body);
  });

  app.patch('/public/surveys/:idOrSlug/responses/:responseId', {
    schema: {
      tags,
      summary: 'Add answers to a partial response (needs the secret its POST returned)',
      params: ZPublicResponseParams,
      body: ZResponsePatch,
      response: { 200: ZResponseAck },
    },
    config: { access: 'public', rateLimit: perIp('survey-response') },
  }, async (req) => continueResponse(ctx, req.params.idOrSlug, req.params.responseId, req.body));
}

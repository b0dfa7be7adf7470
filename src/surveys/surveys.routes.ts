import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZFromTemplate, ZSurveyTemplateList, ZTemplateListQuery, ZSurvey, ZSurveyInput, ZSurveyList, ZSurveyListQuery, ZSurveyParams, ZSurveyPatch } from './surveys.schemas.js';
import { closeSurvey, createFromTemplate, listTemplates, createSurvey, getSurvey, listSurveys, publishSurvey, updateSurvey } from './surveys.service.js';

/** Building and running surveys (the dashboard and API clients). */
export async function surveyRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['surveys'];

  app.post('/surveys', {
    schema: {
      tags,
      summary: 'Create a draft survey',
      description: 'Body: {name, touchpoint, channel, team?, languages, defaultLanguage?, questions, hiddenFields?, endings?, settings?}. Every text needs a translation in every language; logic may only name earlier questions. See docs/surveys.md.',
      body: ZSurveyInput,
      response: { 201: ZSurvey },
    },
    config: { permission: 'surveys:manage' },
  }, async (req, reply) => reply.code(201).send(await createSurvey(ctx, actorOf(req), req.body)));

  app.get('/surveys', {
    schema: { tags, summary: 'List surveys, newest first', querystring: ZSurveyListQuery, response: { 200: ZSurveyList } },
    config: { permission: 'surveys:read' },
  }, async (req) => listSurveys(ctx, actorOf(req).workspaceId, req.query));

  app.get('/surveys/:id', {
    schema: { tags, summary: 'A survey with its current definition', params: ZSurveyParams, response: { 200: ZSurvey } },
    config: { permission: 'surveys:read' },
  }, async (req) => getSurvey(ctx, actorOf(req).workspaceId, req.params.id));

  app.patch('/surveys/:id', {
    schema: {
      tags,
      summary: 'Edit a survey (a published survey gets a new version when its questions change)',
      params: ZSurveyParams,
      body: ZSurveyPatch,
      response: { 200: ZSurvey },
    },
    config: { permission: 'surveys:manage' },
  }, async (req) => updateSurvey(ctx, actorOf(req), req.params.id, req.body));

  app.post('/surveys/:id/publish', {
    schema: { tags, summary: 'Publish a draft or reopen a closed survey', params: ZSurveyParams, response: { 200: ZSurvey } },
    config: { permission: 'surveys:manage' },
  }, async (req) => publishSurvey(ctx, actorOf(req), req.params.id));

  app.post('/surveys/:id/close', {
    schema: { tags, summary: 'Stop accepting responses', params: ZSurveyParams, response: { 200: ZSurvey } },
    config: { permission: 'surveys:manage' },
  }, async (req) => closeSurvey(ctx, actorOf(req), req.params.id));

  app.get('/survey-templates', {
    schema: { tags, summary: 'Templates for the standard CX surveys (NPS, CSAT, CES, exit, onboarding, feature request)', querystring: ZTemplateListQuery, response: { 200: ZSurveyTemplateList } },
    config: { permission: 'surveys:read' },
  }, async (req) => listTemplates(req.query.lang));

  app.post('/surveys/from-template', {
    schema: { tags, summary: 'Create a draft survey from a template, in some or all of its languages', body: ZFromTemplate, response: { 201: ZSurvey } },
    config: { permission: 'surveys:manage' },
  }, async (req, reply) => reply.code(201).send(await createFromTemplate(ctx, actorOf(req), req.body)));
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZSurveyParams } from '../surveys.schemas.js';
import {
  ZBounceInput,
  ZDistributionSettings,
  ZDistributionSettingsPatch,
  ZInvitationList,
  ZInvitationQuery,
  ZPreview,
  ZPreviewInput,
  ZTestSendInput,
  ZWave,
  ZWaveInput,
  ZWaveList,
} from './distribution.schemas.js';
import { createWave, listInvitations, listWaves } from './waves.service.js';
import { previewInvitation, sendTestInvitation } from './invitation-preview.js';
import { getDistributionSettings, updateDistributionSettings } from './fatigue.js';
import { recordBounce } from './unsubscribe.service.js';
import { INVITATION_STATUSES } from './distribution.tables.js';

/** E-mail distribution of surveys: waves of invitations, the per-recipient log, preview and test, fatigue settings, bounces. */
export async function distributionRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['survey distribution'];
  const read = { permission: 'surveys:read' } as const;
  const manage = { permission: 'surveys:manage' } as const;

  app.post('/surveys/:id/invitations', {
    schema: {
      tags,
      summary: 'Send a published survey by e-mail to a segment, customers or addresses (a wave), now or at scheduledAt',
      description: 'Body: {audience: {segmentId} | {customerIds} | {customerId} | {recipients: [{email, name?, language?, hidden?}]}, name?, language?, hidden?, message? {subject?, body?} per language, scheduledAt?}. Answers 202: the wave is queued; invitations are listed and sent by jobs at the workspace send rate, each checked against consent and fatigue. See docs/surveys-distribution.md.',
      params: ZSurveyParams,
      body: ZWaveInput,
      response: { 202: ZWave },
    },
    config: manage,
  }, async (req, reply) => reply.code(202).send(await createWave(ctx, actorOf(req), req.params.id, req.body)));

  app.get('/surveys/:id/invitations', {
    schema: { tags, summary: 'The per-recipient log: sent, opened, responded, reminded, failed, bounced, skipped and why (cursor pages, filters)', params: ZSurveyParams, querystring: ZInvitationQuery, response: { 200: ZInvitationList } },
    config: read,
  }, async (req) => listInvitations(ctx, actorOf(req).workspaceId, req.params.id, req.query));

  app.get('/surveys/:id/invitation-waves', {
    schema: { tags, summary: 'The survey’s e-mail waves with their counts and response rates, newest first', params: ZSurveyParams, response: { 200: ZWaveList } },
    config: read,
  }, async (req) => listWaves(ctx, actorOf(req).workspaceId, req.params.id));

  app.post('/surveys/:id/invitations/preview', {
    schema: { tags, summary: 'Render the invitation (or reminder) e-mail in a language, optionally as one customer would get it; nothing is sent', params: ZSurveyParams, body: ZPreviewInput, response: { 200: ZPreview } },
    config: read,
  }, async (req) => previewInvitation(ctx, actorOf(req).workspaceId, req.params.id, req.body));

  app.post('/surveys/:id/invitations/test', {
    schema: {
      tags,
      summary: 'Send a test invitation to yourself (or `to`); its links open the survey but record nothing as anyone',
      params: ZSurveyParams,
      body: ZTestSendInput,
      response: { 202: z.object({ outboxId: z.uuid(), to: z.string(), language: z.string(), status: z.enum(['queued', 'kept']) }) },
    },
    config: manage,
  }, async (req, reply) => reply.code(202).send(await sendTestInvitation(ctx, actorOf(req), req.params.id, req.body)));

  app.get('/survey-distribution/settings', {
    schema: { tags, summary: 'The workspace’s survey fatigue rules and e-mail send rate', response: { 200: ZDistributionSettings } },
    config: read,
  }, async (req) => getDistributionSettings(ctx.db, actorOf(req).workspaceId));

  app.patch('/survey-distribution/settings', {
    schema: { tags, summary: 'Change the fatigue rules (one survey every N days, skip recent answerers) or the send rate', body: ZDistributionSettingsPatch, response: { 200: ZDistributionSettings } },
    config: manage,
  }, async (req) => updateDistributionSettings(ctx, actorOf(req), req.body));

  app.post('/survey-distribution/bounces', {
    schema: {
      tags,
      summary: 'Report a bounce (from a delivery report or an e-mail provider’s webhook): a hard bounce stops later sends to the address',
      body: ZBounceInput,
      response: { 200: z.object({ invitationId: z.uuid(), surveyId: z.uuid(), status: z.enum(INVITATION_STATUSES) }) },
    },
    config: manage,
  }, async (req) => recordBounce(ctx, actorOf(req), req.body));
}

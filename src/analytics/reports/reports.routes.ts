import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { recordAudit } from '../../audit/audit.service.js';
import { ZDigest, ZDigestSettings, ZDigestSettingsInput, ZSendDigestResult } from './reports.schemas.js';
import { getDigestSettings, sendDigest, updateDigestSettings } from './reports.service.js';
import { buildDigest } from './build-digest.js';

export async function reportRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['analytics'];
  // Who gets mail from the workspace is a workspace setting; the digest itself shows aggregates only.
  const manage = { permission: 'workspace:manage' } as const;

  app.get('/reports/digest', {
    schema: { tags, summary: 'The scheduled e-mail digest: on or off, weekly or monthly, which members receive it', response: { 200: ZDigestSettings } },
    config: manage,
  }, async (req) => getDigestSettings(ctx.db, actorOf(req).workspaceId));

  app.put('/reports/digest', {
    schema: { tags, summary: 'Change the digest settings (recipients must be members of the workspace)', body: ZDigestSettingsInput, response: { 200: ZDigestSettings } },
    config: manage,
  }, async (req) => updateDigestSettings(ctx.db, actorOf(req), req.body));

  app.get('/reports/digest/preview', {
    schema: { tags, summary: "The digest of the newest complete week or month, as it would be mailed now", querystring: z.object({ frequency: z.enum(['weekly', 'monthly']).default('weekly') }), response: { 200: ZDigest } },
    config: { permission: 'analytics:read' },
  }, async (req) => buildDigest(ctx, actorOf(req).workspaceId, req.query.frequency));

  app.post('/reports/digest/send', {
    schema: { tags, summary: 'Send the digest of the newest complete period to the chosen members now', body: z.object({}).strict(), response: { 200: ZSendDigestResult } },
    config: manage,
  }, async (req) => {
    const actor = actorOf(req);
    const r = await sendDigest(ctx, actor.workspaceId, { onlyIfDue: false });
    await recordAudit(ctx.db, actor, { action: 'report_digest.sent', targetType: 'report_digest', details: { period: r.digest.period.from, recipients: r.sentTo.length } });
    return r;
  });
}

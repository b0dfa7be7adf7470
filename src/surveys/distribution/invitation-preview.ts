import type { z } from 'zod';
import type { Actor, AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sendMail } from '../../platform/mail/mail.service.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getSurveyContacts } from '../../customers/survey-contacts.js';
import { pickLanguage } from '../responses.service.js';
import { requireSurvey } from '../surveys.service.js';
import { renderInvitationMail } from './invitation-mail.js';
import { TEST_TOKEN } from './invitation-resolver.js';
import type { ZPreviewInput, ZTestSendInput } from './distribution.schemas.js';

type PreviewInput = z.output<typeof ZPreviewInput>;

async function render(ctx: AppContext, ws: string, surveyId: string, input: PreviewInput, fallbackName?: string) {
  const survey = await requireSurvey(ctx, ws, surveyId);
  const contact = input.customerId ? (await getSurveyContacts(ctx.db, ws, [input.customerId])).get(input.customerId) : undefined;
  if (input.customerId && !contact) throw notFound('Customer');
  const language = pickLanguage(survey.definition, input.language ?? input.recipient?.language ?? contact?.language ?? undefined);
  const mail = renderInvitationMail({
    publicUrl: ctx.config.publicUrl,
    survey,
    company: (await getWorkspace(ctx.db, ws)).name,
    language,
    recipient: { email: input.recipient?.email ?? contact?.email ?? 'customer@example.com', name: input.recipient?.name ?? contact?.name ?? fallbackName ?? null, hidden: input.recipient?.hidden },
    // Links in a preview or test open the survey but cannot answer as anyone (the token resolves to nothing).
    token: TEST_TOKEN,
    kind: input.kind,
    message: input.message,
  });
  return { language, ...mail };
}

/** The invitation as a recipient would get it, in a language, optionally personalised as one customer. Nothing is sent. */
export async function previewInvitation(ctx: AppContext, ws: string, surveyId: string, input: PreviewInput) {
  const { language, subject, text, html, headers } = await render(ctx, ws, surveyId, input);
  return { language, subject, text, html, headers };
}

/** Sends the rendered invitation to the caller (their sign-in address, or `to`); marked "[Test]", audited. */
export async function sendTestInvitation(ctx: AppContext, actor: Actor, surveyId: string, input: z.output<typeof ZTestSendInput>) {
  const to = input.to ?? (actor.kind === 'user' ? actor.label.toLowerCase() : undefined);
  if (!to) throw new AppError('validation_failed', 'An API key has no address of its own: say where the test goes.', { errors: [{ path: 'body.to', message: 'is required when calling with an API key' }] });
  const mail = await render(ctx, actor.workspaceId, surveyId, { ...input, kind: input.kind }, actor.kind === 'user' ? actor.label.split('@')[0] : undefined);
  const entry = await ctx.db.transaction(async (tx) => {
    const e = await sendMail(tx, actor.workspaceId, { to, subject: `[Test] ${mail.subject}`, text: mail.text, html: mail.html, headers: mail.headers, kind: 'survey-invitation-test' }, ctx);
    await recordAudit(tx, actor, { action: 'surveys.invitations.test_sent', targetType: 'survey', targetId: surveyId, details: { to, language: mail.language } });
    return e;
  });
  await entry.deliver();
  return { outboxId: entry.id, to, language: mail.language, status: entry.status };
}

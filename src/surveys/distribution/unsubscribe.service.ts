import type { Actor, AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { MailOutcome } from '../../platform/mail/mail-outcomes.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { findCustomerIdsByEmail, setSurveyConsent } from '../../customers/survey-contacts.js';
import { tokenHash } from './invitation-resolver.js';
import { findInvitationByOutbox, findLatestSentTo, findInvitationByTokenHash, insertUnsubscribe, markUnsubscribed, updateInvitation } from './distribution.queries.js';

/** Who an unsubscribe link is for (to word the page), or undefined for an unknown link. */
export async function unsubscribeTarget(ctx: AppContext, token: string): Promise<{ email: string; company: string; language: string } | undefined> {
  if (token.length > 64) return undefined;
  const inv = await findInvitationByTokenHash(ctx.db, tokenHash(token));
  if (!inv || !inv.email) return undefined;
  return { email: inv.email, company: (await getWorkspace(ctx.db, inv.workspaceId)).name, language: inv.sentLanguage ?? inv.language ?? 'en' };
}

/**
 * Honours an unsubscribe (the link's confirmation or RFC 8058 one-click POST): the address is
 * suppressed for every later survey of the workspace, the customer's survey consent becomes false
 * through the customers service, and the invitation log shows when. Repeating it changes nothing.
 */
export async function unsubscribeByToken(ctx: AppContext, token: string): Promise<{ email: string; company: string; language: string } | undefined> {
  const target = await unsubscribeTarget(ctx, token);
  if (!target) return undefined;
  const inv = (await findInvitationByTokenHash(ctx.db, tokenHash(token)))!;
  const customerId = inv.customerId ?? (await findCustomerIdsByEmail(ctx.db, inv.workspaceId, [inv.email])).get(inv.email) ?? null;
  await ctx.db.transaction(async (tx) => {
    await insertUnsubscribe(tx, { workspaceId: inv.workspaceId, email: inv.email, customerId, invitationId: inv.id, reason: 'unsubscribe' });
    await markUnsubscribed(tx, inv.workspaceId, inv.email);
  });
  if (customerId) await setSurveyConsent(ctx, inv.workspaceId, customerId, false);
  return target;
}

/**
 * The mail platform's verdict on an invitation or reminder (registered for the invitation mail
 * kind): delivered → sent; a permanent refusal (5xx) → bounced, and the address is suppressed so
 * later sends skip it ('bounced'); retries exhausted → failed, with the server's reply as reason.
 */
export async function onInvitationMailOutcome(ctx: AppContext, o: MailOutcome): Promise<void> {
  const inv = await findInvitationByOutbox(ctx.db, o.workspaceId, o.outboxId);
  if (!inv) return;
  if (o.status === 'sent') {
    if (inv.status === 'sending') await updateInvitation(ctx.db, o.workspaceId, inv.id, { status: 'sent' });
    return;
  }
  await ctx.db.transaction(async (tx) => {
    await updateInvitation(tx, o.workspaceId, inv.id, { status: o.isPermanent ? 'bounced' : 'failed', reason: o.error ?? null, failedAt: new Date() });
    if (o.isPermanent) await insertUnsubscribe(tx, { workspaceId: o.workspaceId, email: inv.email, customerId: inv.customerId, invitationId: inv.id, reason: 'bounce' });
  });
}

/**
 * A bounce reported after the fact (an MTA's delivery report or an ESP webhook): the latest
 * invitation to the address is marked bounced (hard) or gets the reason (soft); a hard bounce
 * suppresses the address for later sends. 404 when the workspace never invited the address.
 */
export async function recordBounce(ctx: AppContext, actor: Actor, input: { email: string; permanent: boolean; reason?: string }) {
  const ws = actor.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const inv = await findLatestSentTo(tx, ws, input.email);
    if (!inv) throw notFound('Invitation to this address');
    const reason = input.reason ?? (input.permanent ? 'hard bounce' : 'soft bounce');
    await updateInvitation(tx, ws, inv.id, input.permanent ? { status: 'bounced', reason, failedAt: new Date() } : { reason });
    if (input.permanent) await insertUnsubscribe(tx, { workspaceId: ws, email: input.email, customerId: inv.customerId, invitationId: inv.id, reason: 'bounce' });
    await recordAudit(tx, actor, { action: 'surveys.invitation.bounced', targetType: 'survey', targetId: inv.surveyId, details: { invitationId: inv.id, permanent: input.permanent } });
    return { invitationId: inv.id, surveyId: inv.surveyId, status: input.permanent ? ('bounced' as const) : inv.status };
  });
}

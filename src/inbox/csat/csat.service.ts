import type { Actor, AppContext } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { sendTransactionalInvitation } from '../../surveys/distribution/transactional-invitations.js';
import type { SyncedResponse } from '../../surveys/response-listeners.js';
import { requireConversation, type Resolution } from '../conversations.service.js';
import { findSettings } from '../inbox.queries.js';
import { announceConversations } from '../realtime.js';
import { replyToConversation } from '../reply.service.js';
import { csatLinkMessage } from './csat-strings.js';
import { findCsatForResolution, findCsatRow, insertCsatRow, lastCsatSentTo, listCsatRows, lockCustomerCsat, updateCsatRow, type CsatRow } from './csat.queries.js';
import type { TConversationCsat } from './csat.schemas.js';

const DAY_MS = 86_400_000;
/** The standing wave CSAT invitations are logged under in the survey's send log. */
const SOURCE = 'Inbox CSAT';

export const presentCsat = (r: CsatRow): TConversationCsat => ({
  id: r.id, conversationId: r.conversationId, resolvedAt: r.resolvedAt, trigger: r.trigger, status: r.status, reason: r.reason,
  delivery: r.delivery === 'email' || r.delivery === 'chat' ? r.delivery : null, surveyId: r.surveyId, invitationId: r.invitationId,
  hidden: r.hidden, requestedBy: r.requestedBy, sentAt: r.sentAt, responseId: r.responseId, score: r.score, scaleMin: r.scaleMin,
  scaleMax: r.scaleMax, answeredAt: r.answeredAt, createdAt: r.createdAt,
});

/** The CSAT requests of a conversation, the latest resolution first. */
export async function listConversationCsat(ctx: AppContext, ws: string, conversationId: string) {
  await requireConversation(ctx.db, ws, conversationId);
  return { data: (await listCsatRows(ctx.db, ws, conversationId)).map(presentCsat) };
}

type Trigger = 'on_resolve' | 'manual';
interface Decision {
  row: CsatRow;
  created: boolean;
}

/**
 * Asks for a CSAT survey after the conversation's current resolution, under the workspace's
 * settings (`csatAfterResolution`): mode on_resolve sends when an agent resolves, manual only by
 * hand or API (the API works in either mode, never when off); never after an auto-resolve with
 * skipAutoResolved; not within minDaysBetween days of the last CSAT to the same customer; then the
 * Surveys rules (consent, unsubscribe, its fatigue rules) at send. One row per resolution, stored
 * with its audit entry in one transaction before anything is sent: a retry, a double click or a
 * reopen-and-resolve within the same second never sends twice. A skipped manual request may be
 * asked again (the profile may have an address now); a sent one answers itself.
 */
export async function requestCsat(ctx: AppContext, actor: Actor, conversationId: string, trigger: Trigger, resolution?: Resolution): Promise<Decision | null> {
  const ws = actor.workspaceId;
  if (trigger === 'manual') await requireConversation(ctx.db, ws, conversationId); // another workspace's id: 404 before any setting
  const settings = (await findSettings(ctx.db, ws)).csatAfterResolution;
  if (trigger === 'manual' && settings.mode === 'off') throw new AppError('conflict', 'CSAT after resolution is off; turn it on in the inbox settings first.');
  if (trigger === 'on_resolve' && settings.mode !== 'on_resolve') return null;
  if (!settings.surveyId) {
    if (trigger === 'manual') throw new AppError('conflict', 'No CSAT survey is chosen in the inbox settings.');
    return null;
  }
  const surveyId = settings.surveyId;
  const decision = await ctx.db.transaction(async (tx): Promise<Decision | null> => {
    const conv = await requireConversation(tx, ws, conversationId, { lock: true });
    if (conv.status !== 'resolved' || !conv.resolvedAt) {
      if (trigger === 'manual') throw new AppError('conflict', 'The conversation is not resolved; a CSAT survey follows a resolution.');
      return null; // reopened before this ran
    }
    const existing = await findCsatForResolution(tx, ws, conv.id, conv.resolvedAt);
    if (existing && !(existing.status === 'skipped' && trigger === 'manual')) return { row: existing, created: false };
    const now = new Date();
    let reason: string | null = null;
    if (trigger === 'on_resolve' && resolution?.isAutomatic && settings.skipAutoResolved) reason = 'auto_resolved: the conversation was resolved automatically';
    else if (!conv.customerId) reason = 'unknown_customer: the conversation has no customer profile';
    else {
      await lockCustomerCsat(tx, ws, conv.customerId);
      const last = settings.minDaysBetween > 0 ? await lastCsatSentTo(tx, ws, conv.customerId, new Date(now.getTime() - settings.minDaysBetween * DAY_MS)) : null;
      if (last) reason = `recently_asked: a CSAT survey was sent to this customer on ${last.toISOString()}, within ${settings.minDaysBetween} days`;
    }
    const id = existing?.id ?? newId();
    const hidden = Object.fromEntries(
      Object.entries({ conversationId: conv.id, caseId: conv.id, csatId: id, agent: conv.assigneeId, team: conv.team, channel: conv.channel }).filter((e): e is [string, string] => !!e[1]),
    );
    const fields = {
      customerId: conv.customerId, surveyId, trigger, status: reason ? ('skipped' as const) : ('pending' as const), reason,
      delivery: conv.channel === 'chat' ? 'chat' : 'email', hidden, requestedBy: actor.label,
    };
    const row = existing
      ? await updateCsatRow(tx, ws, id, { ...fields, attempt: existing.attempt + 1 })
      : await insertCsatRow(tx, { workspaceId: ws, id, conversationId: conv.id, resolvedAt: conv.resolvedAt, ...fields });
    if (!row) return { row: (await findCsatForResolution(tx, ws, conv.id, conv.resolvedAt))!, created: false };
    await ctx.audit(tx, actor, { action: 'conversation.csat.requested', targetType: 'conversation', targetId: conv.id, details: { trigger, status: row.status, reason, surveyId } });
    return { row, created: true };
  });
  if (!decision) return null;
  if (decision.row.status === 'pending') decision.row = await deliver(ctx, actor, decision.row);
  announceConversations(ctx, ws, [conversationId], 'updated');
  return decision;
}

/**
 * Hands a stored request to Surveys after commit (e-mail invitation, or the personal link posted in
 * the chat). Keyed by request and attempt, so delivering a pending row again after a crash sends
 * nothing twice; a failure leaves the row pending for the next request to retry.
 */
async function deliver(ctx: AppContext, actor: Actor, row: CsatRow): Promise<CsatRow> {
  const ws = row.workspaceId;
  try {
    const conv = await requireConversation(ctx.db, ws, row.conversationId);
    const outcome = await sendTransactionalInvitation(ctx, {
      workspaceId: ws, surveyId: row.surveyId!, customerId: row.customerId!, hidden: row.hidden, dedupeKey: `csat:${row.id}:${row.attempt}`,
      delivery: row.delivery === 'chat' ? 'link' : 'email', source: SOURCE, language: conv.language,
    });
    if (outcome.status === 'sent' && outcome.link) {
      await replyToConversation(ctx, actor.kind === 'system' ? actor : systemActor(ws, 'CSAT survey'), conv.id, { text: csatLinkMessage(conv.language, outcome.link), internal: false, attachmentIds: [] }, { automated: true });
    }
    return await updateCsatRow(ctx.db, ws, row.id, { status: outcome.status, reason: outcome.reason, invitationId: outcome.invitationId, sentAt: outcome.sentAt });
  } catch (err) {
    ctx.log.warn({ err, conversationId: row.conversationId }, 'CSAT survey not delivered; it stays pending');
    return row;
  }
}

/** The resolved-conversation listener (registered in src/modules.ts): mode on_resolve. It never fails the resolve. */
export async function csatOnResolve(ctx: AppContext, ws: string, conversationId: string, resolution: Resolution): Promise<void> {
  await requestCsat(ctx, resolution.actor.workspaceId === ws ? resolution.actor : systemActor(ws), conversationId, 'on_resolve', resolution);
}

/**
 * The response listener: an answer to a CSAT invitation of the inbox (hidden csatId) puts its score
 * on the request, so the conversation shows it. Runs at least once per response and on edits:
 * it sets, never adds.
 */
export async function recordCsatAnswer(ctx: AppContext, r: SyncedResponse): Promise<void> {
  const csatId = r.hidden.csatId;
  if (!csatId || !/^[0-9a-f-]{36}$/i.test(csatId)) return;
  const row = await findCsatRow(ctx.db, r.workspaceId, csatId);
  if (!row || row.surveyId !== r.surveyId) return;
  const score = r.scores.find((s) => s.metric === 'csat');
  await updateCsatRow(ctx.db, r.workspaceId, row.id, {
    responseId: r.responseId, score: score?.score ?? null, scaleMin: score?.scaleMin ?? null, scaleMax: score?.scaleMax ?? null, answeredAt: r.answeredAt,
  });
  announceConversations(ctx, r.workspaceId, [row.conversationId], 'updated');
}

import type { AppContext } from '../../platform/context.js';
import { newId, sha256 } from '../../platform/ids.js';
import { getSurveyContacts } from '../../customers/survey-contacts.js';
import { pickLanguage } from '../responses.service.js';
import { findSurvey } from '../surveys.queries.js';
import { checkFatigue } from './fatigue.js';
import { tokenHash, tokenMaker } from './invitation-resolver.js';
import { sendDueInvitations } from './send-invitations.js';
import { ensureWave, findInvitationByKey, insertInvitations, updateInvitation, type InvitationRow } from './distribution.queries.js';

/** One survey invitation asked for by another domain (the inbox's CSAT after a resolution). */
export interface TransactionalInvitation {
  workspaceId: string;
  surveyId: string;
  customerId: string;
  /** Stored with the invitation and copied onto its response (conversation, agent, team…). */
  hidden: Record<string, string>;
  /** Idempotency: a second call with the same key sends nothing and answers the first outcome. */
  dedupeKey: string;
  /** e-mail: an invitation mail through the outbox; link: the caller hands the link over itself (a chat). */
  delivery: 'email' | 'link';
  /** Names the standing wave the invitations are logged under in the survey's send log. */
  source: string;
  language?: string | null;
}

export interface TransactionalOutcome {
  invitationId: string | null;
  /** pending: stored but not yet handed to delivery (retry with the same key). */
  status: 'sent' | 'skipped' | 'pending';
  /** Why it was skipped: a fatigue/consent reason (`recently_surveyed: …`, `no_consent: …`, `no_email: …`). */
  reason: string | null;
  /** delivery link: the personal survey link to hand over. */
  link: string | null;
  sentAt: Date | null;
}

/** The standing wave of a source and survey has a fixed id, derived from both, so it is created once. */
function standingWaveId(surveyId: string, source: string): string {
  const h = sha256(`transactional-wave:${source}:${surveyId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function outcomeOf(row: InvitationRow | undefined, link: string | null): TransactionalOutcome {
  if (!row) return { invitationId: null, status: 'pending', reason: null, link: null, sentAt: null };
  if (row.status === 'queued') return { invitationId: row.id, status: 'pending', reason: null, link: null, sentAt: null };
  if (row.status === 'skipped' || row.status === 'failed' || row.status === 'bounced') return { invitationId: row.id, status: 'skipped', reason: row.reason ?? row.status, link: null, sentAt: null };
  return { invitationId: row.id, status: 'sent', reason: null, link, sentAt: row.sentAt };
}

/**
 * Sends one invitation of a published survey to a customer, outside any campaign, under the same
 * rules as every send: the address's unsubscribe or bounce, the profile's consent, and the fatigue
 * rules (the workspace's, or the survey's own: a survey may opt out of them, never out of consent).
 * E-mail goes through the invitation mail and the outbox; a link send checks the same rules and
 * returns the personal link. Keyed by `dedupeKey`: a retried call sends nothing twice.
 */
export async function sendTransactionalInvitation(ctx: AppContext, input: TransactionalInvitation): Promise<TransactionalOutcome> {
  const ws = input.workspaceId;
  const survey = await findSurvey(ctx.db, ws, input.surveyId);
  if (!survey || survey.status !== 'published') return { invitationId: null, status: 'skipped', reason: 'survey_closed: the survey is not published', link: null, sentAt: null };
  const waveId = standingWaveId(survey.id, input.source);
  const makeToken = await tokenMaker(ctx);
  const contact = (await getSurveyContacts(ctx.db, ws, [input.customerId])).get(input.customerId);
  const email = contact?.email?.toLowerCase() ?? '';
  const linkOf = (id: string) => `${ctx.config.publicUrl}/s/${survey.slug}?t=${encodeURIComponent(makeToken(id))}`;
  // One clock for "due" and "claim" (see fireTrigger): send_after is this process's time, not now().
  const queuedAt = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    await ensureWave(tx, { workspaceId: ws, id: waveId, surveyId: survey.id, kind: 'transactional', name: `${input.source} (${survey.name})`, audience: null, status: 'sending', createdBy: input.source });
    const id = newId();
    const reachable = input.delivery === 'link' || email !== '';
    await insertInvitations(tx, [{
      workspaceId: ws, id, surveyId: survey.id, waveId, customerId: input.customerId, email, name: contact?.name ?? null,
      language: input.language ?? null, hidden: input.hidden, dedupeKey: input.dedupeKey, tokenHash: tokenHash(makeToken(id)), sendAfter: queuedAt,
      ...(!contact ? { status: 'skipped' as const, reason: `unknown_customer: no customer ${input.customerId}` }
        : reachable ? { status: 'queued' as const } : { status: 'skipped' as const, reason: 'no_email: the profile has no e-mail address' }),
    }]);
    const inv = await findInvitationByKey(tx, ws, waveId, input.dedupeKey, true);
    if (input.delivery !== 'link' || !inv || inv.status !== 'queued') return inv;
    // A link goes out now, in this transaction: the same consent and fatigue checks as a mail at send time.
    const now = new Date();
    const verdict = await checkFatigue(tx, { workspaceId: ws, surveyFatigue: survey.definition.settings.fatigue, customerId: input.customerId, email: email || null, contact, exceptInvitationId: inv.id, now });
    const patch = verdict.allowed
      ? { status: 'sent' as const, sentAt: now, sentLanguage: pickLanguage(survey.definition, input.language ?? contact?.language ?? undefined) }
      : { status: 'skipped' as const, reason: `${verdict.reason}: ${verdict.detail}` };
    await updateInvitation(tx, ws, inv.id, patch);
    return { ...inv, ...patch };
  });
  if (input.delivery === 'link') return outcomeOf(row, row ? linkOf(row.id) : null);
  if (row?.status === 'queued') await sendDueInvitations(ctx, ws, waveId, 50);
  return outcomeOf(await findInvitationByKey(ctx.db, ws, waveId, input.dedupeKey), null);
}

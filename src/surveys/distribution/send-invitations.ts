import type { AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { sendMail, type OutboxEntry } from '../../platform/mail/mail.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getSurveyContacts, type SurveyContact } from '../../customers/survey-contacts.js';
import { closedReason, pickLanguage } from '../responses.service.js';
import { findSurvey, type SurveyRow } from '../surveys.queries.js';
import { checkFatigue, getDistributionSettings } from './fatigue.js';
import { renderInvitationMail } from './invitation-mail.js';
import { tokenMaker } from './invitation-resolver.js';
import { claimDueInvitations, countQueued, findWave, setWaveStatus, updateInvitation, type InvitationRow, type WaveRow } from './distribution.queries.js';

/** The mail kind of invitations and reminders in the outbox; delivery outcomes come back by it. */
export const INVITATION_MAIL_KIND = 'survey-invitation';

export interface MailParts {
  survey: SurveyRow;
  company: string;
  makeToken: (id: string) => string;
}

/** The language of one invitation: the wave's, else the recipient's, else the profile's — among the survey's languages, else its default. */
export const invitationLanguage = (survey: SurveyRow, wave: Pick<WaveRow, 'language'>, inv: Pick<InvitationRow, 'language'>, contact?: SurveyContact) =>
  pickLanguage(survey.definition, wave.language ?? inv.language ?? contact?.language ?? undefined);

/** Writes one invitation or reminder mail to the outbox in `tx`; returns the entry to deliver after commit. */
export async function writeInvitationMail(ctx: AppContext, tx: Db, parts: MailParts, wave: WaveRow, inv: InvitationRow, language: string, name: string | null, kind: 'invitation' | 'reminder'): Promise<OutboxEntry> {
  const mail = renderInvitationMail({
    publicUrl: ctx.config.publicUrl,
    survey: parts.survey,
    company: parts.company,
    language,
    recipient: { email: inv.email, name, hidden: { ...wave.hidden, ...inv.hidden } },
    token: parts.makeToken(inv.id),
    kind,
    message: wave.message,
  });
  return sendMail(tx, inv.workspaceId, { to: inv.email, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, kind: INVITATION_MAIL_KIND }, ctx);
}

export interface BatchResult {
  sent: number;
  skipped: number;
  /** Queued invitations of the wave still due now, and when the next later one is due. */
  remaining: number;
  nextAt: Date | null;
}

/**
 * Sends up to `limit` due invitations of a wave in one transaction: each is checked against
 * consent and fatigue at send time (a scheduled or delayed send re-checks what changed since it
 * was queued) and either written to the outbox as a personalised, localised mail or marked skipped
 * with its reason. Mails are handed to delivery after commit. Invitations are claimed with SKIP
 * LOCKED, so two senders of one wave never mail anyone twice.
 */
export async function sendDueInvitations(ctx: AppContext, workspaceId: string, waveId: string, limit: number, now = new Date()): Promise<BatchResult> {
  const wave = await findWave(ctx.db, workspaceId, waveId);
  if (!wave) return { sent: 0, skipped: 0, remaining: 0, nextAt: null };
  const survey = await findSurvey(ctx.db, workspaceId, wave.surveyId);
  const parts: MailParts | undefined = survey ? { survey, company: (await getWorkspace(ctx.db, workspaceId)).name, makeToken: await tokenMaker(ctx) } : undefined;
  const closed = survey ? ((survey.status === 'draft' ? 'The survey is a draft.' : null) ?? (await closedReason(ctx.db, survey))) : 'The survey was deleted.';
  const outcome = await ctx.db.transaction(async (tx) => {
    const rows = await claimDueInvitations(tx, workspaceId, waveId, limit, now);
    const contacts = await getSurveyContacts(tx, workspaceId, rows.flatMap((r) => (r.customerId ? [r.customerId] : [])));
    const entries: OutboxEntry[] = [];
    let skipped = 0;
    for (const inv of rows) {
      const contact = inv.customerId ? contacts.get(inv.customerId) : undefined;
      const verdict = closed
        ? ({ allowed: false, reason: 'survey_closed', detail: closed } as const)
        : await checkFatigue(tx, { workspaceId, surveyFatigue: survey!.definition.settings.fatigue, customerId: inv.customerId, email: inv.email, contact, exceptInvitationId: inv.id, now });
      if (!verdict.allowed) {
        await updateInvitation(tx, workspaceId, inv.id, { status: 'skipped', reason: `${verdict.reason}: ${verdict.detail}` });
        skipped++;
        continue;
      }
      const language = invitationLanguage(survey!, wave, inv, contact);
      const entry = await writeInvitationMail(ctx, tx, parts!, wave, inv, language, inv.name ?? contact?.name ?? null, 'invitation');
      await updateInvitation(tx, workspaceId, inv.id, { status: entry.status === 'kept' ? 'kept' : 'sending', outboxId: entry.id, sentAt: now, sentLanguage: language });
      entries.push(entry);
    }
    return { entries, skipped };
  });
  for (const e of outcome.entries) await e.deliver();
  const left = await countQueued(ctx.db, workspaceId, waveId);
  const due = left.later && left.later <= now ? left.due : 0;
  if (left.due === 0 && wave.kind === 'manual') await setWaveStatus(ctx.db, workspaceId, waveId, 'done');
  return { sent: outcome.entries.length, skipped: outcome.skipped, remaining: due, nextAt: left.due > 0 ? left.later : null };
}

/** How many invitations one run of the send job may hand over: ten seconds' worth of the workspace's rate. */
export async function batchSizeFor(db: Db, workspaceId: string): Promise<{ perRun: number; intervalMs: number }> {
  const { sendRatePerMinute } = await getDistributionSettings(db, workspaceId);
  return { perRun: Math.max(1, Math.ceil(sendRatePerMinute / 6)), intervalMs: 10_000 };
}

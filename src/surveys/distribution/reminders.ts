import type { AppContext } from '../../platform/context.js';
import type { OutboxEntry } from '../../platform/mail/mail.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getSurveyContacts } from '../../customers/survey-contacts.js';
import { closedReason } from '../responses.service.js';
import { checkFatigue } from './fatigue.js';
import { tokenMaker } from './invitation-resolver.js';
import { invitationLanguage, writeInvitationMail } from './send-invitations.js';
import { findDueReminders, findSurveysWithReminders, findWave, updateInvitation, type WaveRow } from './distribution.queries.js';

const BATCH = 500;

/**
 * Reminds invitees who have not responded: per survey with settings.reminders enabled, each
 * delivered invitation without a response (a partial answer counts as one), fewer than `max`
 * reminders so far, and `afterDays` since the last mail. Same link (same token) in the recipient's
 * language. Consent and unsubscribes are checked again; the fatigue rules are not (a reminder is
 * the same survey, not a new one). `now` is a parameter so tests can move the clock.
 */
export async function sendDueReminders(ctx: AppContext, now = new Date(), workspaceId?: string): Promise<{ reminded: number; held: number }> {
  let reminded = 0;
  let held = 0;
  const makeToken = await tokenMaker(ctx);
  for (const survey of await findSurveysWithReminders(ctx.db, workspaceId)) {
    if (await closedReason(ctx.db, survey)) continue;
    const settings = survey.definition.settings.reminders;
    if (settings.max < 1) continue;
    const ws = survey.workspaceId;
    const company = (await getWorkspace(ctx.db, ws)).name;
    // Claimed with SKIP LOCKED: two workers running the cron at once never remind anyone twice.
    const entries = await ctx.db.transaction(async (tx) => {
      const due = await findDueReminders(tx, ws, survey.id, settings, now, BATCH);
      const waves = new Map<string, WaveRow | undefined>();
      for (const id of new Set(due.map((d) => d.waveId))) waves.set(id, await findWave(tx, ws, id));
      const contacts = await getSurveyContacts(tx, ws, due.flatMap((d) => (d.customerId ? [d.customerId] : [])));
      const out: OutboxEntry[] = [];
      for (const inv of due) {
        const wave = waves.get(inv.waveId);
        const contact = inv.customerId ? contacts.get(inv.customerId) : undefined;
        const verdict = await checkFatigue(tx, { workspaceId: ws, customerId: inv.customerId, email: inv.email, contact, consentOnly: true, now });
        if (!wave || !verdict.allowed) {
          // Held back for good: counted as if reminded to the limit, with the reason in the log.
          await updateInvitation(tx, ws, inv.id, { remindersSent: settings.max, reason: verdict.allowed ? 'reminder held: wave deleted' : `reminder held: ${verdict.reason}` });
          held++;
          continue;
        }
        const language = inv.sentLanguage ?? invitationLanguage(survey, wave, inv, contact);
        const entry = await writeInvitationMail(ctx, tx, { survey, company, makeToken }, wave, inv, language, inv.name ?? contact?.name ?? null, 'reminder');
        await updateInvitation(tx, ws, inv.id, { remindersSent: inv.remindersSent + 1, lastRemindedAt: now, outboxId: entry.id });
        out.push(entry);
      }
      return out;
    });
    for (const e of entries) await e.deliver();
    reminded += entries.length;
  }
  return { reminded, held };
}

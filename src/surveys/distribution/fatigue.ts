import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getSurveyContacts, type SurveyContact } from '../../customers/survey-contacts.js';
import type { TFatigueSettingsShape } from './fatigue-types.js';
import { findSettingsRow, findUnsubscribe, lastSentTo, upsertSettingsRow } from './distribution.queries.js';
import type { TDistributionSettings } from './distribution.schemas.js';

export const DEFAULT_DISTRIBUTION_SETTINGS: TDistributionSettings = { minDaysBetweenSurveys: 30, skipAnsweredWithinDays: 30, sendRatePerMinute: 600 };
const DAY_MS = 86_400_000;

/** The workspace's fatigue rules and send rate (defaults until someone changes them). */
export async function getDistributionSettings(db: Db, workspaceId: string): Promise<TDistributionSettings> {
  const row = await findSettingsRow(db, workspaceId);
  return row ? { minDaysBetweenSurveys: row.minDaysBetweenSurveys, skipAnsweredWithinDays: row.skipAnsweredWithinDays, sendRatePerMinute: row.sendRatePerMinute } : { ...DEFAULT_DISTRIBUTION_SETTINGS };
}

/** Changes the workspace's fatigue rules or send rate; audited. */
export async function updateDistributionSettings(ctx: AppContext, actor: Actor, patch: Partial<TDistributionSettings>): Promise<TDistributionSettings> {
  return ctx.db.transaction(async (tx) => {
    const next = { ...(await getDistributionSettings(tx, actor.workspaceId)), ...patch };
    await upsertSettingsRow(tx, { workspaceId: actor.workspaceId, ...next });
    await recordAudit(tx, actor, { action: 'surveys.distribution_settings.updated', targetType: 'workspace', targetId: actor.workspaceId, details: patch });
    return next;
  });
}

export const SKIP_REASONS = ['unsubscribed', 'bounced', 'no_consent', 'erased', 'recently_surveyed', 'recently_answered', 'no_email', 'unknown_customer', 'survey_closed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type FatigueVerdict = { allowed: true } | { allowed: false; reason: SkipReason; detail: string };

export interface FatigueRequest {
  workspaceId: string;
  /** The survey's own fatigue settings (settings.fatigue); omitted: the workspace's rules apply. */
  surveyFatigue?: TFatigueSettingsShape;
  customerId?: string | null;
  email?: string | null;
  /** A profile already loaded by the caller (saves a lookup). */
  contact?: SurveyContact;
  /** The invitation being sent, so it does not count against itself. */
  exceptInvitationId?: string;
  /** Consent only: a reminder of an invitation already sent is not a new survey. */
  consentOnly?: boolean;
  now?: Date;
}

/**
 * May this person be surveyed now? Enforces, in order: an unsubscribe or hard bounce of the
 * address, the profile's survey consent (and erasure), then the fatigue rules — at most one
 * survey every N days across all channels (invitations sent to the address, answers on the
 * profile) and no survey to someone who answered any survey in the last M days. N and M are the
 * workspace's, N overridable per survey; a survey may opt out of the rules (transactional CSAT),
 * never out of consent. Other channels (widget, link) call this before showing a survey.
 */
export async function checkFatigue(db: Db, req: FatigueRequest): Promise<FatigueVerdict> {
  const now = req.now ?? new Date();
  const email = req.email?.toLowerCase() || undefined;
  if (email) {
    const unsub = await findUnsubscribe(db, req.workspaceId, email);
    if (unsub) return { allowed: false, reason: unsub.reason === 'bounce' ? 'bounced' : 'unsubscribed', detail: `${email} ${unsub.reason === 'bounce' ? 'bounced' : 'unsubscribed'} on ${unsub.createdAt.toISOString()}` };
  }
  const contact = req.contact ?? (req.customerId ? (await getSurveyContacts(db, req.workspaceId, [req.customerId])).get(req.customerId) : undefined);
  if (contact?.isErased) return { allowed: false, reason: 'erased', detail: 'the customer was erased' };
  if (contact && !contact.surveyConsent) return { allowed: false, reason: 'no_consent', detail: 'the customer does not consent to surveys' };
  if (req.consentOnly || req.surveyFatigue?.respectWorkspaceRules === false) return { allowed: true };

  const settings = await getDistributionSettings(db, req.workspaceId);
  const minDays = req.surveyFatigue?.minDaysBetweenSurveys ?? settings.minDaysBetweenSurveys;
  if (minDays > 0) {
    const since = now.getTime() - minDays * DAY_MS;
    const sent = email ? await lastSentTo(db, req.workspaceId, email, req.exceptInvitationId) : null;
    const answered = contact?.lastSurveyAt ?? null;
    const last = [sent, answered].filter((d): d is Date => d !== null && d.getTime() > since).sort((a, b) => b.getTime() - a.getTime())[0];
    if (last) return { allowed: false, reason: 'recently_surveyed', detail: `surveyed on ${last.toISOString()}, within ${minDays} days` };
  }
  if (settings.skipAnsweredWithinDays > 0 && contact?.lastSurveyAt && contact.lastSurveyAt.getTime() > now.getTime() - settings.skipAnsweredWithinDays * DAY_MS) {
    return { allowed: false, reason: 'recently_answered', detail: `answered a survey on ${contact.lastSurveyAt.toISOString()}, within ${settings.skipAnsweredWithinDays} days` };
  }
  return { allowed: true };
}

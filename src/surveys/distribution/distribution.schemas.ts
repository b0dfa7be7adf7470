import { z } from 'zod';
import { ZLanguage, ZLocalized } from '../survey-conditions.js';
import { ZCursorParam } from '../../platform/http/cursor.js';
import { INVITATION_STATUSES, WAVE_KINDS, WAVE_STATUSES } from './distribution.tables.js';

const ZEmail = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address');
const ZHidden = z.record(z.string().regex(/^[A-Za-z][\w-]{0,63}$/), z.string().max(500));

export const ZRecipient = z.object({ email: ZEmail, name: z.string().trim().max(200).optional(), language: ZLanguage.optional(), hidden: ZHidden.optional() });

/** Who to invite: a segment, a list of customers, a list of e-mail addresses, or one customer. */
export const ZAudience = z.union([
  z.object({ segmentId: z.uuid() }).strict(),
  z.object({ customerIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
  z.object({ customerId: z.uuid() }).strict(),
  z.object({ recipients: z.array(ZRecipient).min(1).max(10_000) }).strict(),
]);

export const ZMessage = z.object({ subject: z.record(ZLanguage, z.string().trim().min(1).max(200)).optional(), body: ZLocalized.optional() });

export const ZWaveInput = z.object({
  audience: ZAudience,
  name: z.string().trim().min(1).max(200).optional(),
  /** One language for everyone; without it: the recipient's, then the profile's, then the survey's default. */
  language: ZLanguage.optional(),
  /** Hidden fields every invitation carries (e.g. {"campaign": "spring"}); a recipient's own win. */
  hidden: ZHidden.optional(),
  message: ZMessage.optional(),
  /** Send later; default now. */
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});
export type TWaveInput = z.infer<typeof ZWaveInput>;

export const ZWaveStats = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  bounced: z.number().int(),
  skipped: z.number().int(),
  opened: z.number().int(),
  responded: z.number().int(),
  finished: z.number().int(),
  reminded: z.number().int(),
  unsubscribed: z.number().int(),
  /** responded ÷ delivered (sent) × 100, 2 decimals; null before anything was delivered. */
  responseRate: z.number().nullable(),
});

export const ZWave = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  kind: z.enum(WAVE_KINDS),
  name: z.string(),
  language: z.string().nullable(),
  status: z.enum(WAVE_STATUSES),
  scheduledAt: z.date(),
  createdBy: z.string(),
  createdAt: z.date(),
  stats: ZWaveStats,
});
export type TWave = z.infer<typeof ZWave>;

export const ZWaveList = z.object({ data: z.array(ZWave) });

export const ZInvitation = z.object({
  id: z.uuid(),
  waveId: z.uuid(),
  customerId: z.uuid().nullable(),
  email: z.string(),
  name: z.string().nullable(),
  language: z.string().nullable(),
  status: z.enum(INVITATION_STATUSES),
  reason: z.string().nullable(),
  sentAt: z.date().nullable(),
  openedAt: z.date().nullable(),
  respondedAt: z.date().nullable(),
  responseId: z.uuid().nullable(),
  isFinished: z.boolean(),
  remindersSent: z.number().int(),
  lastRemindedAt: z.date().nullable(),
  failedAt: z.date().nullable(),
  unsubscribedAt: z.date().nullable(),
  sendAfter: z.date(),
  createdAt: z.date(),
});

export const INVITATION_FILTERS = ['queued', 'sent', 'failed', 'bounced', 'skipped', 'opened', 'responded', 'not_responded', 'reminded', 'unsubscribed'] as const;

export const ZInvitationQuery = z.object({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  waveId: z.uuid().optional(),
  status: z.enum(INVITATION_FILTERS).optional(),
  /** Part of the e-mail address. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type TInvitationQuery = z.infer<typeof ZInvitationQuery>;

export const ZInvitationList = z.object({ data: z.array(ZInvitation), nextCursor: z.string().nullable() });

export const ZPreviewInput = z.object({
  language: ZLanguage.optional(),
  kind: z.enum(['invitation', 'reminder']).default('invitation'),
  /** Personalise the preview as this customer (name, language) — nothing is sent. */
  customerId: z.uuid().optional(),
  recipient: ZRecipient.partial().optional(),
  message: ZMessage.optional(),
});

export const ZPreview = z.object({ language: z.string(), subject: z.string(), text: z.string(), html: z.string(), headers: z.record(z.string(), z.string()) });

export const ZTestSendInput = ZPreviewInput.omit({ customerId: true }).extend({
  /** Where to send the test; default: the signed-in user's own address. */
  to: ZEmail.optional(),
});

export const ZDistributionSettings = z.object({
  /** At most one survey per customer every N days, across all channels and surveys (0: no limit). */
  minDaysBetweenSurveys: z.number().int().min(0).max(3650),
  /** Skip customers who answered any survey in the last N days (0: no limit). */
  skipAnsweredWithinDays: z.number().int().min(0).max(3650),
  /** Invitations handed to the mail server per minute, per wave. */
  sendRatePerMinute: z.number().int().min(1).max(100_000),
});
export type TDistributionSettings = z.infer<typeof ZDistributionSettings>;
export const ZDistributionSettingsPatch = ZDistributionSettings.partial();

export const ZBounceInput = z.object({
  email: ZEmail,
  /** A hard bounce (the address does not exist) stops every later send to it; a soft one is only logged. */
  permanent: z.boolean().default(true),
  reason: z.string().trim().max(500).optional(),
});

export const ZTriggerCondition = z.object({
  field: z.string().trim().min(1).max(100).regex(/^[A-Za-z_][\w.]*$/, 'must be a property name such as "amount" or "attributes.plan"'),
  op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists']),
  value: z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.union([z.string().max(500), z.number()])).max(100)]).optional(),
});

const triggerFields = {
  name: z.string().trim().min(1).max(200),
  /** The customer event that starts it: purchase, support_case_resolved, … */
  eventType: z.string().trim().min(1).max(64).regex(/^[a-z][a-z0-9_.-]*$/, 'must be an event type such as "purchase"'),
  /** Wait this long after the event (0 – 90 days). */
  delaySeconds: z.number().int().min(0).max(90 * 86400),
  eventConditions: z.array(ZTriggerCondition).max(20),
  profileConditions: z.array(ZTriggerCondition).max(20),
  isEnabled: z.boolean(),
};

export const ZTriggerInput = z.object({
  ...triggerFields,
  eventConditions: triggerFields.eventConditions.default([]),
  profileConditions: triggerFields.profileConditions.default([]),
  isEnabled: triggerFields.isEnabled.default(true),
});
/** Only what is sent changes (no defaults: an absent field is left as it is). */
export const ZTriggerPatch = z.object(triggerFields).partial();

export const ZTrigger = z.object(triggerFields).extend({ id: z.uuid(), surveyId: z.uuid(), waveId: z.uuid(), createdBy: z.string(), createdAt: z.date(), updatedAt: z.date() });
export type TTrigger = z.infer<typeof ZTrigger>;
export const ZTriggerList = z.object({ data: z.array(ZTrigger) });
export const ZTriggerParams = z.object({ id: z.uuid(), triggerId: z.uuid() });

import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** transactional: the standing wave of single sends asked for by another domain (CSAT after a resolved conversation). */
export const WAVE_KINDS = ['manual', 'trigger', 'transactional'] as const;
export const WAVE_STATUSES = ['scheduled', 'expanding', 'sending', 'done', 'failed'] as const;

/** Who a wave goes to, as the caller named them; expanded into invitations by a job. */
export type WaveAudience =
  | { type: 'segment'; segmentId: string }
  | { type: 'customers'; customerIds: string[] }
  | { type: 'emails'; recipients: { email: string; name?: string; language?: string; hidden?: Record<string, string> }[] };

/** Wording that replaces the built-in subject or intro, per language. */
export interface WaveMessage {
  subject?: Record<string, string>;
  body?: Record<string, string>;
}

/** One send of a survey by e-mail ("wave"): a manual send to an audience, or the standing wave of a trigger. */
export const surveyInvitationWaves = pgTable(
  'survey_invitation_waves',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    kind: text('kind', { enum: WAVE_KINDS }).notNull(),
    name: text('name').notNull(),
    audience: jsonb('audience').$type<WaveAudience | null>(),
    /** Forces one language for every recipient; null: invitation → profile → survey default. */
    language: text('language'),
    hidden: jsonb('hidden').$type<Record<string, string>>().notNull().default({}),
    message: jsonb('message').$type<WaveMessage>().notNull().default({}),
    triggerId: uuid('trigger_id'),
    status: text('status', { enum: WAVE_STATUSES }).notNull(),
    scheduledAt: ts('scheduled_at').notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('survey_invitation_waves_survey_idx').on(t.workspaceId, t.surveyId, t.id)],
);

export const INVITATION_STATUSES = ['queued', 'sending', 'sent', 'kept', 'failed', 'bounced', 'skipped'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * One person invited in one wave: the per-recipient log. Only the sha256 of the token is stored; the
 * token itself is derived from the invitation id with a server key (HMAC), so reminders can repeat
 * the same link without the database ever holding a usable token.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    waveId: uuid('wave_id').notNull(),
    customerId: uuid('customer_id'),
    email: text('email').notNull(),
    /** One invitation per wave and key: the e-mail for sends, the event id for triggers (a retried job sends nothing twice). */
    dedupeKey: text('dedupe_key').notNull(),
    name: text('name'),
    /** The language asked for by the sender (wave or recipient line); the mail's language is decided at send. */
    language: text('language'),
    hidden: jsonb('hidden').$type<Record<string, string>>().notNull().default({}),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('queued'),
    /** Why it was skipped or failed (unsubscribed, no_consent, recently_surveyed, …, or the SMTP reply). */
    reason: text('reason'),
    sentLanguage: text('sent_language'),
    outboxId: uuid('outbox_id'),
    /** When the invitation (first mail) went out. */
    sentAt: ts('sent_at'),
    /** First time the survey page was opened with the token (a scanner may do this too). */
    openedAt: ts('opened_at'),
    respondedAt: ts('responded_at'),
    responseId: uuid('response_id'),
    isFinished: boolean('is_finished').notNull().default(false),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
    failedAt: ts('failed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    /** Not before: trigger delays and scheduled waves. */
    sendAfter: ts('send_after').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Public token lookups carry no workspace: one global unique index, like survey slugs.
    uniqueIndex('survey_invitations_token_key').on(t.tokenHash),
    uniqueIndex('survey_invitations_wave_key').on(t.workspaceId, t.waveId, t.dedupeKey),
    index('survey_invitations_survey_idx').on(t.workspaceId, t.surveyId, t.id),
    index('survey_invitations_wave_status_idx').on(t.workspaceId, t.waveId, t.status),
    // Fatigue: when was this person last sent any survey (every channel's invitations).
    index('survey_invitations_email_sent_idx').on(t.workspaceId, t.email, t.sentAt),
    index('survey_invitations_outbox_idx').on(t.workspaceId, t.outboxId),
    index('survey_invitations_reminder_idx').on(t.workspaceId, t.sentAt).where(sql`responded_at is null and status in ('sent', 'kept')`),
  ],
);

/** Addresses that asked for no more surveys (also without a profile); profiles get survey_consent = false too. */
export const surveyUnsubscribes = pgTable(
  'survey_unsubscribes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    email: text('email').notNull(),
    customerId: uuid('customer_id'),
    invitationId: uuid('invitation_id'),
    /** 'unsubscribe' (the link or List-Unsubscribe-Post) or 'bounce' (the address does not exist). */
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);

/** Workspace-wide fatigue rules and send rate. */
export const surveyDistributionSettings = pgTable('survey_distribution_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  minDaysBetweenSurveys: integer('min_days_between_surveys').notNull(),
  skipAnsweredWithinDays: integer('skip_answered_within_days').notNull(),
  sendRatePerMinute: integer('send_rate_per_minute').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export interface TriggerCondition {
  field: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in' | 'exists';
  value?: string | number | boolean | (string | number)[];
}

/** "When event X happens for a customer, send survey Y by e-mail after D", with conditions. */
export const surveyTriggers = pgTable(
  'survey_triggers',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    name: text('name').notNull(),
    eventType: text('event_type').notNull(),
    delaySeconds: integer('delay_seconds').notNull(),
    eventConditions: jsonb('event_conditions').$type<TriggerCondition[]>().notNull().default([]),
    profileConditions: jsonb('profile_conditions').$type<TriggerCondition[]>().notNull().default([]),
    isEnabled: boolean('is_enabled').notNull().default(true),
    waveId: uuid('wave_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('survey_triggers_event_idx').on(t.workspaceId, t.eventType)],
);

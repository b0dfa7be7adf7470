import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SurveyDefinition } from './surveys.schemas.js';
import type { Answers } from './answers.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const RESPONSE_STATUSES = ['partial', 'finished'] as const;

/**
 * A survey and its current definition. While published, `definition` equals the snapshot of
 * `version` in survey_versions, so the public path reads one row.
 */
export const surveys = pgTable(
  'surveys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    /** Short public name for /s/<slug> links; unique across workspaces because public lookups have no workspace. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    touchpoint: text('touchpoint').notNull(),
    channel: text('channel').notNull(),
    team: text('team'),
    status: text('status', { enum: SURVEY_STATUSES }).notNull().default('draft'),
    /** The version being edited (draft) or live (published/closed); a response stores the one it answered. */
    version: integer('version').notNull().default(1),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    templateKey: text('template_key'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Public endpoints name a survey by slug or id without a workspace: the two global lookups.
    uniqueIndex('surveys_slug_key').on(t.slug),
    index('surveys_id_idx').on(t.id),
  ],
);

/** Frozen definitions of every published version, so old responses keep their meaning. */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.surveyId, t.version] })],
);

export interface Respondent {
  email?: string;
  externalId?: string;
  anonymousId?: string;
  /** Kunde's customer id, when an invitation token named it. */
  customerId?: string;
}

export interface ResponseMeta {
  userAgent?: string;
  referrer?: string;
  url?: string;
  /** Seconds from page load to submit, as the page reported it. */
  elapsedSeconds?: number;
  /** Where a shared link or QR code was placed (?source= on the link). */
  source?: string;
}

/**
 * One respondent's answers to one version. Touchpoint, channel and team are copied at submit so
 * analytics break down by what the survey was about then, even if it is edited later.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    surveyVersion: integer('survey_version').notNull(),
    status: text('status', { enum: RESPONSE_STATUSES }).notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    hidden: jsonb('hidden').$type<Record<string, string>>().notNull().default({}),
    language: text('language').notNull(),
    touchpoint: text('touchpoint').notNull(),
    channel: text('channel').notNull(),
    team: text('team'),
    respondent: jsonb('respondent').$type<Respondent>().notNull().default({}),
    /** Set once the answers reached the customer's profile (ingest after commit). */
    customerId: uuid('customer_id'),
    /** The invitation this response answers (single use: a second submit updates this row). */
    invitationId: text('invitation_id'),
    /** One response per browser for anonymous links that ask for it. */
    deviceKey: text('device_key'),
    /** sha256 of the secret the respondent got back; only its holder may add answers. */
    secretHash: text('secret_hash').notNull(),
    meta: jsonb('meta').$type<ResponseMeta>().notNull().default({}),
    /** null until the survey_response events were handed to the customers domain. */
    syncedAt: ts('synced_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('survey_responses_survey_idx').on(t.workspaceId, t.surveyId, t.id),
    uniqueIndex('survey_responses_invitation_key').on(t.workspaceId, t.surveyId, t.invitationId).where(sql`invitation_id is not null`),
    uniqueIndex('survey_responses_device_key').on(t.workspaceId, t.surveyId, t.deviceKey).where(sql`device_key is not null`),
    // Analytics rollups find the days whose responses changed since their last refresh.
    index('survey_responses_updated_idx').on(t.workspaceId, t.updatedAt),
    index('survey_responses_unsynced_idx').on(t.workspaceId, t.createdAt).where(sql`synced_at is null`),
  ],
);

/**
 * Running counts behind a survey's response limits (`settings.closing.maxResponses`, `settings.quotas`):
 * `{"total": n, "<quota key>": n}` of finished responses. Read and written only under the survey's
 * advisory lock, so concurrent submits never pass a limit; a missing count (a new quota, a changed
 * condition, an import) is recounted from the responses under the same lock.
 */
export const surveyLimitCounts = pgTable(
  'survey_limit_counts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.surveyId] })],
);

import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A workspace's categories (themes) with keyword/phrase rules per language. A workspace starts with the
 * ready-made set (delivery, price, product quality, support, usability, onboarding) and edits it; a
 * change re-tags stored texts by a job (text_runs).
 */
export const textCategories = pgTable(
  'text_categories',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    /** language code → keywords/phrases (matched at word starts, accents folded; Chinese anywhere) */
    rules: jsonb('rules').$type<Record<string, string[]>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

export const REQUEST_STATUSES = ['new', 'planned', 'done'] as const;

/** The status of a feature-request topic and when its askers were last told. */
export const textRequestTopics = pgTable(
  'text_request_topics',
  {
    workspaceId: uuid('workspace_id').notNull(),
    topic: text('topic').notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('new'),
    notifiedAt: ts('notified_at'),
    notifiedCount: integer('notified_count').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.topic] })],
);

export const TEXT_RUN_KINDS = ['backfill', 'retag'] as const;
export const TEXT_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/** A backfill or re-tag run over a workspace's texts, with progress for the dashboard. */
export const textRuns = pgTable(
  'text_runs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: TEXT_RUN_KINDS }).notNull(),
    status: text('status', { enum: TEXT_RUN_STATUSES }).notNull().default('queued'),
    processed: integer('processed').notNull().default(0),
    /** counts by part, e.g. {"survey_response": 120, "customer_event": 4} */
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('text_runs_kind_idx').on(t.workspaceId, t.kind, t.createdAt)],
);

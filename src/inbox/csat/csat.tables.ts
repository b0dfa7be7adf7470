import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const CSAT_SEND_STATUSES = ['pending', 'sent', 'skipped'] as const;
export const CSAT_TRIGGERS = ['on_resolve', 'manual'] as const;

/**
 * One CSAT survey asked for after a conversation was resolved: sent (with its survey invitation),
 * or skipped and why (auto-resolved, asked within N days, the Surveys fatigue/consent rules…), and
 * the score once answered. One row per resolution (the resolvedAt it was asked for), so a retry,
 * a double click or a second listener never sends twice; a reopened and resolved-again
 * conversation is a new resolution and meets minDaysBetween instead.
 */
export const conversationCsat = pgTable(
  'conversation_csat',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    resolvedAt: ts('resolved_at').notNull(),
    customerId: uuid('customer_id'),
    surveyId: uuid('survey_id'),
    trigger: text('trigger', { enum: CSAT_TRIGGERS }).notNull(),
    status: text('status', { enum: CSAT_SEND_STATUSES }).notNull(),
    reason: text('reason'),
    /** e-mail (invitation mail) or chat (the link posted in the chat). */
    delivery: text('delivery'),
    invitationId: uuid('invitation_id'),
    /** What the response carries, for analytics by agent and team. */
    hidden: jsonb('hidden').$type<Record<string, string>>().notNull().default({}),
    requestedBy: text('requested_by').notNull(),
    /** A manual retry after a skip (the profile got an e-mail address since) is a new attempt, with a new invitation. */
    attempt: integer('attempt').notNull().default(1),
    sentAt: ts('sent_at'),
    responseId: uuid('response_id'),
    /** The CSAT answer on the survey's own scale, with the scale's ends. */
    score: integer('score'),
    scaleMin: integer('scale_min'),
    scaleMax: integer('scale_max'),
    answeredAt: ts('answered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('conversation_csat_resolution_key').on(t.workspaceId, t.conversationId, t.resolvedAt),
    // minDaysBetween: when was this customer last sent a CSAT.
    index('conversation_csat_customer_idx').on(t.workspaceId, t.customerId, t.sentAt),
  ],
);

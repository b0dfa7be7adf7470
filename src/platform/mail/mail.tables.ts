import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid, integer } from 'drizzle-orm/pg-core';

/**
 * Every outgoing e-mail is written here first. With SMTP configured a job delivers it; without,
 * it stays 'kept' and the dashboard shows it, so invitations work on the embedded default.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    kind: text('kind').notNull().default('general'),
    /** Extra headers (e.g. List-Unsubscribe of survey invitations, RFC 8058). */
    headers: jsonb('headers').$type<Record<string, string>>(),
    /** Files sent with the mail, by reference: the bytes stay where their domain stored them (mail-attachments.ts). */
    attachments: jsonb('attachments').$type<{ source: string; id: string }[]>(),
    status: text('status', { enum: ['queued', 'sent', 'kept', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('mail_outbox_created_idx').on(t.workspaceId, t.createdAt)],
);

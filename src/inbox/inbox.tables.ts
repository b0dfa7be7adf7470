import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

export const INBOX_TYPES = ['email', 'chat', 'import', 'api'] as const;
export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const CONVERSATION_KINDS = ['message', 'follow_up'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const DIRECTIONS = ['in', 'out'] as const;

/** A file an incoming message carried that was not stored, and why. */
export interface DroppedAttachment {
  name: string;
  sizeBytes: number;
  reason: 'too_large';
}

/** Where messages arrive: an e-mail address, the website chat, an import source or an API integration. */
export const inboxes = pgTable(
  'inboxes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    type: text('type', { enum: INBOX_TYPES }).notNull(),
    name: text('name').notNull(),
    /** The channel its conversations are on: "email", "chat", or the network of an import ("twitter"). */
    channel: text('channel').notNull(),
    /** The address mail to this inbox is sent to (every inbox has one, so any inbox can take mail). */
    address: text('address').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * The one global table of the domain: the SMTP receiver knows only the recipient's address, not the
 * workspace, so the local part ("support-k3x9q2") is looked up here before anything tenant-scoped.
 */
export const inboxAddresses = pgTable('inbox_addresses', {
  localPart: text('local_part').primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  inboxId: uuid('inbox_id').notNull(),
});

/** What a follow-up case was opened for: the answer that made the customer a detractor. */
export interface FollowUpSource {
  responseId: string;
  surveyId: string;
  surveyName: string;
  metric: 'nps' | 'csat';
  score: number;
  comment: string | null;
}

/** A thread with one customer: messages in and out, notes, and the case's state. */
export const conversations = pgTable(
  'conversations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    /** Null for follow-up cases, which come from a survey rather than an inbox. */
    inboxId: uuid('inbox_id'),
    /** Null until the sender is resolved to a profile (or when nobody could be identified). */
    customerId: uuid('customer_id'),
    kind: text('kind', { enum: CONVERSATION_KINDS }).notNull().default('message'),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('open'),
    snoozedUntil: ts('snoozed_until'),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    assigneeId: uuid('assignee_id'),
    team: text('team'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    channel: text('channel').notNull(),
    language: text('language'),
    subject: text('subject').notNull().default(''),
    /** Whom replies go to: the sender's e-mail address or handle. */
    contact: text('contact'),
    /** The root Message-ID / tweet id of the thread: replies arriving in any order land in one conversation. */
    threadKey: text('thread_key'),
    /** Follow-ups only: the survey response; unique, so a detractor gets exactly one case per answer. */
    responseId: uuid('response_id'),
    source: jsonb('source').$type<FollowUpSource>(),
    messageCount: integer('message_count').notNull().default(0),
    lastMessageAt: ts('last_message_at'),
    dueAt: ts('due_at'),
    firstResponseAt: ts('first_response_at'),
    resolvedAt: ts('resolved_at'),
    /**
     * When the conversation began: its first customer message's sentAt, else its earliest message's, never
     * later than its creation (live conversations: their creation). Imported history is dated by it, not by
     * the import; store-messages.ts keeps it when an import adds an earlier message to a thread.
     */
    startedAt: ts('started_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Support analytics pick and bucket conversations by their start.
    index('conversations_started_idx').on(t.workspaceId, t.startedAt),
    uniqueIndex('conversations_thread_key').on(t.workspaceId, t.inboxId, t.threadKey),
    uniqueIndex('conversations_response_key').on(t.workspaceId, t.responseId),
    index('conversations_inbox_idx').on(t.workspaceId, t.inboxId, t.id),
    index('conversations_customer_idx').on(t.workspaceId, t.customerId, t.id),
    index('conversations_status_idx').on(t.workspaceId, t.status, t.id),
    index('conversations_assignee_idx').on(t.workspaceId, t.assigneeId, t.status),
    // Only snoozed rows: the per-minute wake-up sweep reads this small index, never the whole table.
    index('conversations_snoozed_idx').on(t.workspaceId, t.snoozedUntil).where(sql`status = 'snoozed'`),
  ],
);

/** One message of a conversation: the customer's, an agent's reply, or an internal note. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    inboxId: uuid('inbox_id'),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    isInternal: boolean('is_internal').notNull().default(false),
    /** What is shown: the new part of the message, quoted history removed. */
    text: text('text').notNull(),
    /** The whole body as received (HTML reduced to text), quoted history included. */
    fullText: text('full_text').notNull(),
    sender: text('sender'),
    senderUserId: uuid('sender_user_id'),
    /** The Message-ID header (mail) or the source's id (a tweet id); unique per inbox, so redelivery stores nothing twice. */
    externalId: text('external_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references').array().notNull().default(sql`'{}'::text[]`),
    outboxId: uuid('outbox_id'),
    /** Stored files only; a file refused for size is listed in droppedAttachments instead. */
    attachmentCount: integer('attachment_count').notNull().default(0),
    /** Files that came with the message but were not kept (over INBOX_ATTACHMENT_MAX_BYTES), so an agent can ask for them again. */
    droppedAttachments: jsonb('dropped_attachments').$type<DroppedAttachment[]>().notNull().default(sql`'[]'::jsonb`),
    sentAt: ts('sent_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('inbox_messages_external_key').on(t.workspaceId, t.inboxId, t.externalId),
    index('inbox_messages_conversation_idx').on(t.workspaceId, t.conversationId, t.sentAt),
  ],
);

/**
 * A file that came with a message, or that an agent attached to a reply, kept in PostgreSQL (bytea)
 * under a size limit and streamed on download. An agent's upload has no message until the reply that
 * names it is sent (message_id null: pending, swept after a day).
 */
export const inboxAttachments = pgTable(
  'inbox_attachments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    messageId: uuid('message_id'),
    conversationId: uuid('conversation_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('inbox_attachments_message_idx').on(t.workspaceId, t.messageId)],
);

/** When a CSAT survey follows a resolved conversation (null column: off). */
export interface CsatAfterResolution {
  mode: 'off' | 'on_resolve' | 'manual';
  surveyId: string | null;
  skipAutoResolved: boolean;
  minDaysBetween: number;
}

/** Per-workspace closing-the-loop settings: who counts as a detractor and how soon a follow-up is due. */
export const inboxSettings = pgTable('inbox_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  followUpsEnabled: boolean('follow_ups_enabled').notNull().default(true),
  npsDetractorMax: integer('nps_detractor_max').notNull().default(6),
  csatDetractorMax: integer('csat_detractor_max').notNull().default(2),
  followUpDueHours: integer('follow_up_due_hours').notNull().default(24),
  /** CSAT after resolution (src/inbox/csat): mode, survey, skipAutoResolved, minDaysBetween. */
  csatAfterResolution: jsonb('csat_after_resolution').$type<CsatAfterResolution>(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

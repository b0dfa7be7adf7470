import { z } from 'zod';
import { ZCursorParam } from '../platform/http/cursor.js';
import { ZEventCustomer } from '../customers/customers.schemas.js';
import { CONVERSATION_KINDS, CONVERSATION_STATUSES, DIRECTIONS, INBOX_TYPES, PRIORITIES } from './inbox.tables.js';

/** Longest message text kept (a mail's whole body, quotes included); longer bodies are cut. */
export const MAX_MESSAGE_CHARS = 200_000;

export const ZIdParams = z.object({ id: z.uuid() });
export const ZAttachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export const ZNewInbox = z.object({
  type: z.enum(INBOX_TYPES),
  name: z.string().trim().min(1).max(120),
  /** For import and API inboxes: the network or system the messages come from ("twitter"); default from type/name. */
  channel: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a name like "twitter"').optional(),
});
export type TNewInbox = z.infer<typeof ZNewInbox>;

export const ZInbox = z.object({
  id: z.uuid(),
  type: z.enum(INBOX_TYPES),
  name: z.string(),
  channel: z.string(),
  address: z.string(),
  createdAt: z.date(),
  /** Chat inboxes, on creation: the public workspace key the widget is embedded with. */
  workspaceId: z.uuid().optional(),
  /** Chat inboxes, on creation: the HTML to paste on the website (see GET /inboxes/{id}/chat). */
  snippet: z.string().optional(),
});
export type TInbox = z.infer<typeof ZInbox>;
export const ZInboxList = z.object({ data: z.array(ZInbox) });

export const ZPageQuery = z.object({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ZConversationQuery = ZPageQuery.extend({
  inboxId: z.uuid().optional(),
  status: z.enum(CONVERSATION_STATUSES).optional(),
  kind: z.enum(CONVERSATION_KINDS).optional(),
  customerId: z.uuid().optional(),
  /** A member's user id, `me` (the caller) or `none` (unassigned). */
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  tag: z.string().trim().min(1).max(64).optional(),
  priority: z.enum(PRIORITIES).optional(),
});
export type TConversationQuery = z.infer<typeof ZConversationQuery>;

export const ZFollowUpSource = z.object({
  responseId: z.uuid(),
  surveyId: z.uuid(),
  surveyName: z.string(),
  metric: z.enum(['nps', 'csat']),
  score: z.number(),
  comment: z.string().nullable(),
});

export const ZConversation = z.object({
  id: z.uuid(),
  inboxId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  kind: z.enum(CONVERSATION_KINDS),
  status: z.enum(CONVERSATION_STATUSES),
  snoozedUntil: z.date().nullable(),
  priority: z.enum(PRIORITIES),
  assigneeId: z.uuid().nullable(),
  team: z.string().nullable(),
  tags: z.array(z.string()),
  channel: z.string(),
  language: z.string().nullable(),
  subject: z.string(),
  contact: z.string().nullable(),
  messageCount: z.number().int(),
  lastMessageAt: z.date().nullable(),
  dueAt: z.date().nullable(),
  firstResponseAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  /** Follow-ups: the detractor answer the case is about. */
  followUp: ZFollowUpSource.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TConversation = z.infer<typeof ZConversation>;
export const ZConversationList = z.object({ data: z.array(ZConversation), nextCursor: z.string().nullable() });

const ZTag = z.string().trim().min(1).max(64);

export const ZConversationPatch = z
  .object({
    status: z.enum(CONVERSATION_STATUSES),
    /** With status `snoozed`: when it opens again. */
    snoozedUntil: z.iso.datetime({ offset: true }).nullable(),
    priority: z.enum(PRIORITIES),
    assigneeId: z.uuid().nullable(),
    team: z.string().trim().min(1).max(120).nullable(),
    tags: z.array(ZTag).max(50),
    language: z.string().trim().min(2).max(16).nullable(),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    /** With status `resolved`: a bot or rule closed it, not an agent (no CSAT with skipAutoResolved). */
    autoResolved: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change')
  .refine((v) => !v.autoResolved || v.status === 'resolved', { message: 'autoResolved goes with status "resolved"', path: ['autoResolved'] });
export type TConversationPatch = z.infer<typeof ZConversationPatch>;

export const ZAttachment = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number().int() });
export type TAttachment = z.infer<typeof ZAttachment>;
/** A file the message came with that was not kept: `too_large` is over INBOX_ATTACHMENT_MAX_BYTES. */
export const ZDroppedAttachment = z.object({ name: z.string(), sizeBytes: z.number().int(), reason: z.enum(['too_large']) });

/** Files one reply may carry. */
export const MAX_REPLY_ATTACHMENTS = 10;

export const ZMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(DIRECTIONS),
  internal: z.boolean(),
  text: z.string(),
  fullText: z.string(),
  sender: z.string().nullable(),
  senderUserId: z.uuid().nullable(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** Outgoing e-mail: its row in the mail outbox (delivery status there). */
  outboxId: z.uuid().nullable(),
  attachments: z.array(ZAttachment),
  /** Files that came with the message but were not stored (ask the customer to send them again). */
  droppedAttachments: z.array(ZDroppedAttachment),
  sentAt: z.date(),
  createdAt: z.date(),
});
export type TMessage = z.infer<typeof ZMessage>;
export const ZMessageList = z.object({ data: z.array(ZMessage), nextCursor: z.string().nullable() });

export const ZReply = z.object({
  text: z.string().trim().min(1).max(50_000),
  /** An internal note: kept on the conversation, never sent to the customer. */
  internal: z.boolean().default(false),
  /** Files uploaded to this conversation (POST /conversations/{id}/attachments) and not sent yet; e-mail replies carry them as MIME attachments. */
  attachmentIds: z
    .array(z.uuid())
    .max(MAX_REPLY_ATTACHMENTS)
    .refine((ids) => new Set(ids).size === ids.length, 'name each attachment once')
    .default([]),
});
export type TReply = z.infer<typeof ZReply>;

/** A message from another system: into an existing conversation, or threaded like mail by its ids. */
export const ZExternalMessage = z
  .object({
    inboxId: z.uuid(),
    conversationId: z.uuid().optional(),
    direction: z.enum(DIRECTIONS).default('in'),
    internal: z.boolean().default(false),
    text: z.string().min(1).max(MAX_MESSAGE_CHARS),
    subject: z.string().max(998).optional(),
    /** Who the customer is (inbound: the sender); as for events: e-mail, phone, external id, social handle. */
    customer: ZEventCustomer.optional(),
    sender: z.string().trim().min(1).max(320).optional(),
    messageId: z.string().trim().min(1).max(998).optional(),
    inReplyTo: z.string().trim().min(1).max(998).optional(),
    references: z.array(z.string().trim().min(1).max(998)).max(100).optional(),
    sentAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((m) => m.conversationId || m.customer, { message: 'name the conversation or the customer', path: ['customer'] });
export type TExternalMessage = z.infer<typeof ZExternalMessage>;

export const ZStoredMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  customerId: z.uuid().nullable(),
  /** False when the same message (same messageId in this inbox) was stored before. */
  created: z.boolean(),
});

/** One row of a message export (CSV or API import), after mapping. */
export const ZImportMessage = z.object({
  messageId: z.string().trim().min(1).max(998),
  inReplyTo: z.string().trim().max(998).optional(),
  author: z.string().trim().min(1).max(320),
  inbound: z.boolean(),
  sentAt: z.iso.datetime({ offset: true }).optional(),
  text: z.string().max(MAX_MESSAGE_CHARS),
  subject: z.string().max(998).optional(),
});
export type TImportMessage = z.infer<typeof ZImportMessage>;

export const ZConversationImport = z.object({
  inboxId: z.uuid(),
  messages: z.array(z.unknown()).min(1).max(1000),
});

export const ZImportResult = z.object({
  imported: z.number().int(),
  duplicates: z.number().int(),
  conversations: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), error: z.string() })),
});
export type TImportResult = z.infer<typeof ZImportResult>;

export const ZCsatAfterResolution = z.object({
  /** off; on_resolve: when an agent resolves; manual: only by hand or by API. */
  mode: z.enum(['off', 'on_resolve', 'manual']),
  /** A published survey with a CSAT question; required unless the mode is off. */
  surveyId: z.uuid().nullable(),
  /** Never after an auto-resolve (default true). */
  skipAutoResolved: z.boolean(),
  /** Not again within N days for the same customer (0–365; default 7). */
  minDaysBetween: z.number().int().min(0).max(365),
});
export type TCsatAfterResolution = z.infer<typeof ZCsatAfterResolution>;

export const ZInboxSettings = z.object({
  followUpsEnabled: z.boolean(),
  /** NPS answers up to this score open a follow-up (0–10; default 6). */
  npsDetractorMax: z.number().int().min(0).max(10),
  /** CSAT answers (1–5) up to this score open a follow-up (default 2). */
  csatDetractorMax: z.number().int().min(1).max(5),
  /** A follow-up is due this many hours after the answer (1–24; default 24). */
  followUpDueHours: z.number().int().min(1).max(24),
  csatAfterResolution: ZCsatAfterResolution,
});
export type TInboxSettings = z.infer<typeof ZInboxSettings>;
export const ZInboxSettingsPatch = ZInboxSettings.extend({ csatAfterResolution: ZCsatAfterResolution.partial() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one setting');
export type TInboxSettingsPatch = z.infer<typeof ZInboxSettingsPatch>;

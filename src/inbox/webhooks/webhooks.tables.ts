import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** What an endpoint can subscribe to; `webhook.test` is only ever sent by the test button. */
export const WEBHOOK_EVENTS = ['message.created', 'conversation.created', 'conversation.resolved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;

/**
 * A receiver of signed inbox events. The secret signs every delivery (Standard Webhooks: HMAC-SHA256
 * over id.timestamp.body); it is kept as it must be used — a hash could not sign — and is shown to
 * people only when it is made.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: text('events').array().notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** `message.created` only for this direction (null: both); "out" is the review-reply hook. */
    messageDirection: text('message_direction', { enum: MESSAGE_DIRECTIONS }),
    /** Events only of conversations in these inboxes (empty: every inbox). */
    inboxIds: uuid('inbox_ids').array().notNull().default([]),
    secret: text('secret').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export interface DeliveryAttempt {
  at: string;
  /** HTTP status of the receiver's answer; null when none came (refused, timed out, blocked target). */
  statusCode: number | null;
  ms: number;
  error: string | null;
  /** The start of the receiver's answer, for debugging (never rendered as HTML). */
  response: string | null;
}

/**
 * One event for one endpoint, with every attempt to deliver it. Its id is the `webhook-id` header,
 * the same on every retry, so receivers drop duplicates; `eventKey` makes an event queue at most once
 * per endpoint however often the code that noticed it runs.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    eventType: text('event_type').notNull(),
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    attempts: jsonb('attempts').$type<DeliveryAttempt[]>().notNull().default([]),
    lastStatusCode: integer('last_status_code'),
    nextAttemptAt: ts('next_attempt_at'),
    deliveredAt: ts('delivered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('webhook_deliveries_event_key').on(t.workspaceId, t.endpointId, t.eventKey),
    index('webhook_deliveries_endpoint_idx').on(t.workspaceId, t.endpointId, t.id),
  ],
);

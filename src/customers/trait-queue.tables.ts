import { pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Work for the trait refresher (traits.service.ts): one row per stored event whose customer's
 * traits and segment membership have not caught up yet, written in the transaction that stores
 * the event. A row whose event_id equals its customer_id asks for a full recompute of that
 * customer (after a merge, an undo, a settings change). Narrow and short-lived on purpose: ingest
 * appends here instead of rewriting wide customer rows, and the refresher deletes what it applied
 * in the same transaction that applies it, so each event is counted exactly once.
 */
export const customerTraitQueue = pgTable(
  'customer_trait_queue',
  {
    workspaceId: uuid('workspace_id').notNull(),
    eventId: uuid('event_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.eventId] })],
);

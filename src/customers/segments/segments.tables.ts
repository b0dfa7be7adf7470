import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A named rule over customers; membership is materialised in segment_members. */
export const segments = pgTable(
  'segments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    memberCount: integer('member_count').notNull().default(0),
    lastComputedAt: ts('last_computed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const segmentMembers = pgTable(
  'segment_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    segmentId: uuid('segment_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    enteredAt: ts('entered_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.customerId] }),
    index('segment_members_customer_idx').on(t.workspaceId, t.customerId),
  ],
);

/** Size over time for charts: one row per recompute (and per day of incremental changes). */
export const segmentSizeHistory = pgTable(
  'segment_size_history',
  {
    workspaceId: uuid('workspace_id').notNull(),
    segmentId: uuid('segment_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    size: integer('size').notNull(),
    entered: integer('entered').notNull().default(0),
    left: integer('left').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.segmentId, t.at] })],
);

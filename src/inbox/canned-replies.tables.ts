import { jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * A saved answer with placeholders ({{customer.firstName}}, {{agent.name}}, …) in one or more
 * languages; the reply box picks the conversation's language.
 */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Language code ("en", "da", "pt-br") → text. */
    bodies: jsonb('bodies').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('canned_replies_name_key').on(t.workspaceId, t.name)],
);

import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * What an agent has typed but not sent, per person and conversation: kept on the server so a closed
 * tab, a crashed browser or another device never loses it. Deleted when the reply is sent.
 */
export const inboxDrafts = pgTable(
  'inbox_drafts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    /** The user (or, for API keys, the key) whose draft it is. */
    authorId: uuid('author_id').notNull(),
    text: text('text').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.authorId] })],
);

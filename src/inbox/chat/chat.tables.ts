import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * How a chat inbox looks and behaves on the website: one row per chat inbox, written when the inbox is
 * created. The identity secret signs `identify` calls (HMAC-SHA256 of the e-mail or external id), so a
 * site that switches verification on cannot have its visitors claim someone else's profile.
 */
export const chatSettings = pgTable(
  'chat_settings',
  {
    workspaceId: uuid('workspace_id').notNull(),
    inboxId: uuid('inbox_id').notNull(),
    /** The launcher's and the visitor's bubbles' colour, #rrggbb. */
    color: text('color').notNull().default('#1f6feb'),
    /** The first line a visitor reads, per language ("en", "da"); built-in text when missing. */
    greetings: jsonb('greetings').$type<Record<string, string>>().notNull().default({}),
    /** Offline outside the workspace's business hours (as well as when no agent is online). */
    businessHoursOnly: boolean('business_hours_only').notNull().default(true),
    /** E-mail the visitor the conversation when it is resolved (when their address is known). */
    transcriptOnResolve: boolean('transcript_on_resolve').notNull().default(true),
    requireIdentityHash: boolean('require_identity_hash').notNull().default(false),
    identitySecret: text('identity_secret').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.inboxId] })],
);

import { boolean, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A workspace's scheduled e-mail digest (one per workspace): how often, to which members. The last
 * period sent makes the hourly sweep idempotent — a period is mailed once, whatever the sweep does.
 */
export const reportDigests = pgTable('analytics_report_digests', {
  workspaceId: uuid('workspace_id').primaryKey(),
  isEnabled: boolean('is_enabled').notNull().default(false),
  frequency: text('frequency').$type<'weekly' | 'monthly'>().notNull().default('weekly'),
  /** User ids of the members who receive it; members who left are skipped when sending. */
  recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
  /** First local day (YYYY-MM-DD) of the newest period already sent. */
  lastSentPeriod: text('last_sent_period'),
  lastSentAt: ts('last_sent_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

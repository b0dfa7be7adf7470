import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface PersonaDemographics {
  ageBand?: string;
  gender?: string;
  incomeBand?: string;
  location?: string;
  occupation?: string;
  education?: string;
  familyStatus?: string;
  [key: string]: string | undefined;
}

/**
 * A persona: who a group of customers is (demographics, goals, motivations, pain points, preferred
 * channels) plus a segment rule that says which customers fit it. The matched count is cached with
 * its time, because counting a rule over a large workspace is a full scan.
 */
export const personas = pgTable(
  'personas',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** A data: URL of a small image, or "preset:<key>" for one of the built-in avatars. */
    avatar: text('avatar'),
    demographics: jsonb('demographics').$type<PersonaDemographics>().notNull().default({}),
    goals: text('goals').array().notNull().default([]),
    motivations: text('motivations').array().notNull().default([]),
    painPoints: text('pain_points').array().notNull().default([]),
    preferredChannels: text('preferred_channels').array().notNull().default([]),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    matchedCount: integer('matched_count'),
    /** All live customers of the workspace when matchedCount was taken, for the share. */
    customerCount: integer('customer_count'),
    countedAt: ts('counted_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

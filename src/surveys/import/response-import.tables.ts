import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per imported CSV row: the key is the row's content hash and its occurrence number in the
 * file, so importing the same file again stores nothing twice while two identical rows (two people who
 * both answered "10") stay two responses.
 */
export const surveyResponseImports = pgTable(
  'survey_response_imports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    rowKey: text('row_key').notNull(),
    responseId: uuid('response_id').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.surveyId, t.rowKey] })],
);

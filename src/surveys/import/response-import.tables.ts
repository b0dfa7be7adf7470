import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

export const RESPONSE_IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ResponseImportStatus = (typeof RESPONSE_IMPORT_STATUSES)[number];

/**
 * A historical-responses import started from the dashboard or the API and run as a job. The file is
 * held by the imports domain's upload store under the same id; the counters are written after every
 * committed batch, so a page polling this row shows the progress.
 */
export const surveyResponseImportJobs = pgTable(
  'survey_response_import_jobs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    status: text('status', { enum: RESPONSE_IMPORT_STATUSES }).notNull().default('queued'),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
    /** column → question id or field, as the person chose it. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    /** The file's header row, for the error report. */
    headers: jsonb('headers').$type<string[]>(),
    totalRows: integer('total_rows'),
    totalIsExact: boolean('total_is_exact').notNull().default(false),
    processed: integer('processed').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    invalidValues: integer('invalid_values').notNull().default(0),
    /** Rows listed in the error report (a row with two bad values counts once). */
    errorRows: integer('error_rows').notNull().default(0),
    errorMessage: text('error_message'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('survey_response_import_jobs_survey_idx').on(t.workspaceId, t.surveyId, t.id)],
);

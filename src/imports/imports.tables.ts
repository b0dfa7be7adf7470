import { bigint, boolean, customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ImportPlan } from './mapping.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One CSV import started from the dashboard or API. Counters are updated after every committed batch,
 * so they double as the resume point when a worker dies mid-file.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind', { enum: ['customers', 'events'] }).notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
    /** What the person asked for: column → field, and field → constant value. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    defaults: jsonb('defaults').$type<Record<string, string>>().notNull().default({}),
    /** The resolved plan (fields and types per column), fixed by the first run so a resume converts identically. */
    plan: jsonb('plan').$type<ImportPlan>(),
    totalRows: integer('total_rows'),
    totalIsExact: boolean('total_is_exact').notNull().default(false),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    errorMessage: text('error_message'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** The uploaded file in ~1 MB pieces, so whichever process picks up the job can read it (PGlite too). */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.seq] })],
);

/** Rejected rows of an import (the first 10,000; import_jobs.rejected has the full count). */
export const importErrors = pgTable(
  'import_errors',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    /** Row of the file as a spreadsheet numbers it: the header is row 1. */
    rowNumber: integer('row_number').notNull(),
    column: text('column'),
    message: text('message').notNull(),
    /** The row's original cells, so the report can be fixed and imported again. */
    values: jsonb('values').$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber] })],
);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MIGRATIONS_DIR } from '../db/client.js';

/**
 * A Kunde backup is gzip'd NDJSON:
 *   line 1        header (this schema): what, when, which schema version, which tables with how many rows
 *   per table     {"table":"<name>"} then one JSON array per row, values in the header's column order,
 *                 every value as PostgreSQL's text form (or null), rows in primary-key order
 *   last line     {"end":true,"rows":<total>} — a file without it was cut short
 */
export const BACKUP_FORMAT = 'kunde-backup';
export const BACKUP_VERSION = 1;

export const ZBackupTable = z.object({
  name: z.string().min(1),
  columns: z.array(z.object({ name: z.string().min(1), type: z.string().min(1) })).min(1),
  rows: z.number().int().min(0),
});

export const ZBackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  migration: z.string(),
  scope: z.enum(['installation', 'workspace']),
  workspaceId: z.uuid().nullable(),
  tables: z.array(ZBackupTable),
});

export type BackupHeader = z.infer<typeof ZBackupHeader>;
export type BackupTable = z.infer<typeof ZBackupTable>;

export const ZTableStart = z.object({ table: z.string().min(1) });
export const ZBackupEnd = z.object({ end: z.literal(true), rows: z.number().int().min(0) });

/** The tag of the newest migration this code applies, e.g. "0000_init": the schema version of a backup. */
export function latestMigrationTag(): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries[journal.entries.length - 1]?.tag ?? 'none';
}

/**
 * Session settings that make PostgreSQL's text output canonical (dates, times, floats, bytea,
 * intervals), so a value prints the same on any server and parses back to the identical value.
 */
export const CANONICAL_SETTINGS = [
  `set local timezone = 'UTC'`,
  `set local datestyle = 'ISO, YMD'`,
  `set local intervalstyle = 'postgres'`,
  `set local extra_float_digits = 1`,
  `set local bytea_output = 'hex'`,
];

export interface BackupProgress {
  /** Called once per table before its rows, with the table's row count. */
  table?(name: string, rows: number): void;
  /** Called after every page or batch with the number of rows just handled. */
  rows?(count: number): void;
  /** Total rows of the whole backup, known once the header is read or written. */
  total?(rows: number): void;
}

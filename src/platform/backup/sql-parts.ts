import { sql, type SQL, type SQLChunk } from 'drizzle-orm';
import type { BackupColumn } from './catalog.js';

/** A column selected in PostgreSQL's text form: the one representation every type round-trips through. */
export const asText = (c: BackupColumn, alias: string): SQL => sql`${sql.identifier(c.name)}::text as ${sql.identifier(alias)}`;

/**
 * A value sent as text and cast to the column's type inside PostgreSQL. Typing the parameter as
 * text first keeps drivers from re-encoding it (PGlite would JSON-encode a string bound to jsonb).
 * The type name always comes from the target database's own catalog, never from a file.
 */
export const fromText = (value: string | null, type: string): SQL => sql`${value}::text::${sql.raw(type)}`;

export const list = (parts: SQLChunk[]): SQL => sql.join(parts, sql`, `);

export const identifiers = (names: string[]): SQL => list(names.map((n) => sql.identifier(n)));

import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { readCatalog, type CatalogTable } from './catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, CANONICAL_SETTINGS, latestMigrationTag, type BackupHeader, type BackupProgress } from './format.js';
import { asText, fromText, list } from './sql-parts.js';

export interface BackupOptions {
  /** Back up one workspace (its row, its tenant rows, its members' user rows) instead of everything. */
  workspaceId?: string;
  progress?: BackupProgress;
  /** Rows per page read; pages are read by primary key, so memory stays flat however big a table is. */
  pageSize?: number;
}

export interface BackupSummary {
  header: BackupHeader;
  rows: number;
  /** Workspaces the backup covers (for the audit trail). */
  workspaceIds: string[];
}

type Row = Record<string, string | null>;

/** Which rows of a table belong in the backup; undefined = the table is not part of this scope. */
function scopeFilter(table: CatalogTable, workspaceId: string | undefined): SQL | undefined {
  if (!workspaceId) return sql`true`;
  if (table.name === 'workspaces') return sql`${sql.identifier('id')} = ${workspaceId}::uuid`;
  if (table.name === 'users') return sql`${sql.identifier('id')} in (select user_id from memberships where workspace_id = ${workspaceId}::uuid)`;
  if (table.hasWorkspaceId) return sql`${sql.identifier('workspace_id')} = ${workspaceId}::uuid`;
  return undefined;
}

/**
 * Streams a consistent snapshot (one REPEATABLE READ transaction) of the installation or of one
 * workspace into `output` as gzip'd NDJSON (see format.ts). Nothing is staged on disk or in memory
 * beyond one page of rows; the gzip stream's back-pressure paces the reads.
 */
export async function writeBackup(db: Db, output: Writable, opts: BackupOptions = {}): Promise<BackupSummary> {
  const pageSize = opts.pageSize ?? 2000;
  return db.transaction(
    async (tx) => {
      for (const setting of CANONICAL_SETTINGS) await tx.execute(sql.raw(setting));
      if (opts.workspaceId) {
        const found = await selectRows(tx, sql`select 1 from workspaces where id = ${opts.workspaceId}::uuid`);
        if (found.length === 0) throw notFound('Workspace');
      }
      const tables: { table: CatalogTable; filter: SQL; rows: number }[] = [];
      for (const table of await readCatalog(tx)) {
        const filter = scopeFilter(table, opts.workspaceId);
        if (!filter) continue;
        const [c] = await selectRows<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.identifier(table.name)} where ${filter}`);
        tables.push({ table, filter, rows: Number(c.n) });
      }
      const workspaceIds = opts.workspaceId
        ? [opts.workspaceId]
        : (await selectRows<{ id: string }>(tx, sql`select id::text as id from workspaces order by id`)).map((r) => r.id);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        migration: latestMigrationTag(),
        scope: opts.workspaceId ? 'workspace' : 'installation',
        workspaceId: opts.workspaceId ?? null,
        tables: tables.map(({ table, rows }) => ({ name: table.name, columns: table.columns, rows })),
      };
      const total = tables.reduce((n, t) => n + t.rows, 0);
      opts.progress?.total?.(total);

      async function* lines(): AsyncGenerator<string> {
        yield JSON.stringify(header) + '\n';
        for (const { table, filter, rows } of tables) {
          opts.progress?.table?.(table.name, rows);
          yield JSON.stringify({ table: table.name }) + '\n';
          for await (const page of readPages(tx, table, filter, pageSize)) {
            yield page.map((r) => JSON.stringify(r)).join('\n') + '\n';
            opts.progress?.rows?.(page.length);
          }
        }
        yield JSON.stringify({ end: true, rows: total }) + '\n';
      }
      await pipeline(Readable.from(lines()), createGzip(), output);
      return { header, rows: total, workspaceIds };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Pages of rows (arrays of text values) in primary-key order. Keyset pagination — "after the last
 * key of the previous page" — uses the primary-key index, so page 10,000 costs what page 1 does.
 */
async function* readPages(tx: Db, table: CatalogTable, filter: SQL, pageSize: number): AsyncGenerator<(string | null)[][]> {
  const aliases = table.columns.map((_, i) => `c${i}`);
  const select = list(table.columns.map((c, i) => asText(c, aliases[i])));
  const from = sql`from ${sql.identifier(table.name)}`;
  const keyIndexes = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));
  if (table.primaryKey.length === 0 || keyIndexes.includes(-1)) {
    // No primary key: a total order over every column's text, paged by offset (rare, small tables).
    const order = list(table.columns.map((c) => sql`${sql.identifier(c.name)}::text`));
    for (let offset = 0; ; offset += pageSize) {
      const rows = await selectRows<Row>(tx, sql`select ${select} ${from} where ${filter} order by ${order} limit ${pageSize} offset ${offset}`);
      if (rows.length > 0) yield rows.map((r) => aliases.map((a) => r[a]));
      if (rows.length < pageSize) return;
    }
  }
  const keyColumns = keyIndexes.map((i) => table.columns[i]);
  const order = list(keyColumns.map((c) => sql.identifier(c.name)));
  let after: (string | null)[] | undefined;
  for (;;) {
    const keyset = after
      ? sql`and (${order}) > (${list(keyColumns.map((c, i) => fromText(after![keyIndexes[i]], c.type)))})`
      : sql``;
    const rows = await selectRows<Row>(tx, sql`select ${select} ${from} where ${filter} ${keyset} order by ${order} limit ${pageSize}`);
    if (rows.length === 0) return;
    const page = rows.map((r) => aliases.map((a) => r[a]));
    yield page;
    if (rows.length < pageSize) return;
    after = page[page.length - 1];
  }
}

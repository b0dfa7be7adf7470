import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { readCatalog, type CatalogTable } from './catalog.js';
import { BACKUP_FORMAT, CANONICAL_SETTINGS, latestMigrationTag, ZBackupEnd, ZBackupHeader, ZTableStart, type BackupHeader, type BackupProgress, type BackupTable } from './format.js';
import { identifiers, list } from './sql-parts.js';

export interface RestoreOptions {
  /** Add the one workspace of a `--workspace` backup to an installation that already has others. */
  workspaceOnly?: boolean;
  progress?: BackupProgress;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: { name: string; rows: number }[];
  rows: number;
  /** Users of the backup that already existed here (same e-mail or id) and were reused. */
  reusedUsers: number;
  workspaceIds: string[];
}

type Value = string | null;

// Browser sessions do not move into another installation: a cookie from the old one must not sign
// anybody in to an existing account here. People sign in again after a --workspace-only restore.
const NOT_MERGED = new Set(['sessions']);
const incomplete = (why: string) => new AppError('bad_request', `The backup file is damaged or incomplete (${why}); nothing was restored.`);

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw incomplete('a line is not JSON');
  }
}

/**
 * Restores a backup in ONE transaction: all of it or, on any error, nothing. A whole-installation
 * backup goes only into an empty installation; a one-workspace backup may join an installation
 * with other workspaces (workspaceOnly) as long as its workspace id is new. Users that already
 * exist (same e-mail) are reused, and references to them are rewritten to the existing ids.
 */
export async function restoreBackup(db: Db, input: Readable, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const gunzip = createGunzip();
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })[Symbol.asyncIterator]();
  input.on('error', (err) => gunzip.destroy(err));
  const next = async (): Promise<string | undefined> => {
    try {
      const r = await lines.next();
      return r.done ? undefined : r.value;
    } catch (err) {
      throw incomplete(err instanceof Error ? err.message : String(err));
    }
  };
  try {
    return await restoreLines(db, next, opts);
  } finally {
    // A refused or failed restore stops reading at once instead of leaving the file open.
    gunzip.destroy();
    input.destroy();
  }
}

async function restoreLines(db: Db, next: () => Promise<string | undefined>, opts: RestoreOptions): Promise<RestoreSummary> {
  let header: BackupHeader;
  try {
    header = ZBackupHeader.parse(JSON.parse((await next()) ?? ''));
  } catch {
    throw new AppError('bad_request', `This is not a ${BACKUP_FORMAT} file (or one from a version this Kunde cannot read).`);
  }
  opts.progress?.total?.(header.tables.reduce((n, t) => n + t.rows, 0));

  return db.transaction(async (tx) => {
    for (const setting of CANONICAL_SETTINGS) await tx.execute(sql.raw(setting));
    const target = new Map((await readCatalog(tx)).map((t) => [t.name, t]));
    checkSchema(header, target);
    await checkInstallation(tx, header, opts);

    const userIds = new Map<string, string>();
    const counts: { name: string; rows: number }[] = [];
    const workspaceIds: string[] = [];
    let total = 0;
    let reusedUsers = 0;
    let skipped = 0;
    let line = await next();
    for (const table of header.tables) {
      const start = line === undefined ? undefined : ZTableStart.safeParse(parseLine(line));
      if (!start?.success || start.data.table !== table.name) throw incomplete(`expected the rows of ${table.name}`);
      opts.progress?.table?.(table.name, table.rows);
      const writer = new TableWriter(tx, table, target.get(table.name)!, userIds);
      const skip = opts.workspaceOnly && NOT_MERGED.has(table.name);
      // A one-workspace file may only hold that workspace's rows: never let it write into another tenant.
      const tenantAt = header.scope === 'workspace' ? table.columns.findIndex((c) => c.name === (table.name === 'workspaces' ? 'id' : 'workspace_id')) : -1;
      let rows = 0;
      for (line = await next(); line !== undefined && line.startsWith('['); line = await next()) {
        const row = parseLine(line);
        if (!Array.isArray(row) || row.length !== table.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
          throw incomplete(`a row of ${table.name} does not match its columns`);
        }
        if (tenantAt !== -1 && row[tenantAt] !== header.workspaceId) throw incomplete(`a row of ${table.name} belongs to another workspace`);
        if (table.name === 'workspaces') workspaceIds.push(row[table.columns.findIndex((c) => c.name === 'id')] as string);
        if (skip) opts.progress?.rows?.(1);
        else await writer.add(row as Value[], line.length, opts.progress);
        rows++;
      }
      await writer.flush(opts.progress);
      if (rows !== table.rows) throw incomplete(`${table.name} holds ${rows} rows, the header says ${table.rows}`);
      reusedUsers += writer.reused;
      counts.push({ name: table.name, rows: skip ? 0 : rows - writer.reused });
      if (skip) skipped += rows;
      total += rows;
    }
    const end = line === undefined ? undefined : ZBackupEnd.safeParse(parseLine(line));
    if (!end?.success || end.data.rows !== total) throw incomplete('the end marker is missing');
    await advanceSequences(tx, header, target);
    return { header, tables: counts, rows: total - reusedUsers - skipped, reusedUsers, workspaceIds };
  });
}

/** Every table and column of the backup must exist here; a backup from another version may still fit. */
function checkSchema(header: BackupHeader, target: Map<string, CatalogTable>): void {
  const current = latestMigrationTag();
  for (const t of header.tables) {
    const here = target.get(t.name);
    const missing = here ? t.columns.find((c) => !here.columns.some((h) => h.name === c.name))?.name : undefined;
    if (!here || missing) {
      throw new AppError(
        'conflict',
        `The backup was made with database schema ${header.migration}, this installation is at ${current}, and ` +
          `${here ? `column ${t.name}.${missing}` : `table ${t.name}`} does not exist here. Restore it with the Kunde version that made it.`,
      );
    }
  }
}

async function checkInstallation(tx: Db, header: BackupHeader, opts: RestoreOptions): Promise<void> {
  const [{ n }] = await selectRows<{ n: number }>(tx, sql`select count(*)::int as n from workspaces`);
  if (header.scope === 'installation') {
    if (opts.workspaceOnly) {
      throw new AppError('bad_request', 'This is a whole-installation backup; --workspace-only needs a backup made with "kunde backup --workspace <id>".');
    }
    if (n > 0) {
      throw new AppError(
        'conflict',
        `This installation already has ${n} workspace(s). A whole-installation backup restores only into an empty installation ` +
          '(a new KUNDE_DATA_DIR or an empty DATABASE_URL database); to add one workspace, back it up with --workspace and restore with --workspace-only.',
      );
    }
    return;
  }
  if (n > 0 && !opts.workspaceOnly) {
    throw new AppError('conflict', `This installation already has ${n} workspace(s); pass --workspace-only to add the backed-up workspace to it.`);
  }
  const existing = await selectRows(tx, sql`select 1 from workspaces where id = ${header.workspaceId}::uuid`);
  if (existing.length > 0) {
    throw new AppError('conflict', `Workspace ${header.workspaceId} already exists in this installation; nothing was restored.`);
  }
}

// A batch travels as ONE parameter (a JSON array of rows) expanded by json_array_elements: a small
// statement PostgreSQL parses once, instead of tens of thousands of parameters.
const BATCH_ROWS = 5000;
const BATCH_BYTES = 4 * 1024 * 1024;

/** Buffers rows of one table and writes them as multi-row INSERT … SELECTs. */
class TableWriter {
  reused = 0;
  private batch: Value[][] = [];
  private readonly types: string[];
  private readonly select: SQL;
  private batchBytes = 0;
  /** Columns that may hold a user id (uuid or text) and so follow a reused user's new id. */
  private readonly remap: boolean[];

  constructor(
    private readonly tx: Db,
    private readonly table: BackupTable,
    private readonly target: CatalogTable,
    private readonly userIds: Map<string, string>,
  ) {
    this.types = table.columns.map((c) => target.columns.find((t) => t.name === c.name)!.type);
    // r->>i is the i-th value as text (JSON null → SQL NULL), cast to the target column's type.
    this.select = list(this.types.map((type, i) => sql`(r->>${sql.raw(String(i))})::${sql.raw(type)}`));
    this.remap = this.types.map((t) => table.name !== 'users' && (t === 'uuid' || t === 'text' || t.startsWith('character varying')));
  }

  async add(row: Value[], bytes: number, progress?: BackupProgress): Promise<void> {
    this.batch.push(row);
    this.batchBytes += bytes;
    if (this.batch.length >= BATCH_ROWS || this.batchBytes >= BATCH_BYTES) await this.flush(progress);
  }

  async flush(progress?: BackupProgress): Promise<void> {
    if (this.batch.length === 0) return;
    let rows = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const handled = rows.length;
    if (this.table.name === 'users') rows = await this.skipExistingUsers(rows);
    else if (this.userIds.size > 0) rows = rows.map((r) => r.map((v, i) => (v !== null && this.remap[i] ? (this.userIds.get(v) ?? v) : v)));
    if (rows.length > 0) {
      const overriding = this.target.hasAlwaysIdentity ? sql`overriding system value` : sql``;
      try {
        await this.tx.execute(
          sql`insert into ${sql.identifier(this.table.name)} (${identifiers(this.table.columns.map((c) => c.name))}) ${overriding}
              select ${this.select} from json_array_elements(${JSON.stringify(rows)}::text::json) as r`,
        );
      } catch (err) {
        // Drizzle wraps the driver error with the whole statement; the cause is what a person needs.
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
        throw new AppError('conflict', `Restoring ${this.table.name} failed: ${cause instanceof Error ? cause.message : String(cause)}. Nothing was restored.`);
      }
    }
    progress?.rows?.(handled);
  }

  /** A user who already has a login here keeps it; the backup's rows then point at that user. */
  private async skipExistingUsers(rows: Value[][]): Promise<Value[][]> {
    const idAt = this.table.columns.findIndex((c) => c.name === 'id');
    const emailAt = this.table.columns.findIndex((c) => c.name === 'email');
    const emails = rows.map((r) => (r[emailAt] ?? '').toLowerCase());
    const ids = rows.map((r) => r[idAt]);
    const existing = await selectRows<{ id: string; email: string }>(
      this.tx,
      sql`select id::text as id, lower(email) as email from users
           where lower(email) in (${list(emails.map((e) => sql`${e}`))}) or id::text in (${list(ids.map((i) => sql`${i}`))})`,
    );
    return rows.filter((r, i) => {
      const match = existing.find((u) => u.id === ids[i]) ?? existing.find((u) => u.email === emails[i]);
      if (!match) return true;
      this.userIds.set(ids[i]!, match.id);
      this.reused++;
      return false;
    });
  }
}

/** Serial and identity sequences must continue after the restored values, not collide with them. */
async function advanceSequences(tx: Db, header: BackupHeader, target: Map<string, CatalogTable>): Promise<void> {
  for (const t of header.tables) {
    for (const [column, sequence] of target.get(t.name)!.sequences) {
      await tx.execute(
        sql`select setval(${sequence}::regclass, m) from (select max(${sql.identifier(column)})::bigint as m from ${sql.identifier(t.name)}) x where m is not null`,
      );
    }
  }
}

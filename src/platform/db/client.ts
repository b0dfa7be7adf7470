import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

/** Every domain's queries take this: the database or a transaction on it. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface RawResult<T = Record<string, unknown>> {
  rows: T[];
  rowCount?: number | null;
}

/** Plain SQL access for the job queue, COPY-style bulk paths and backups. */
export interface RawExecutor {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<RawResult<T>>;
  /** Runs several statements without parameters (migrations of third-party schemas). */
  exec(text: string): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawExecutor;
  /** Loads CSV text into a table with COPY (the fastest bulk path on both engines). */
  copyFrom(table: string, columns: string[], csv: string): Promise<number>;
  close(): Promise<void>;
  pool?: pg.Pool;
  pglite?: PGlite;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

// node-postgres parses int8/numeric to strings by default; counts and sums fit in a double here.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** In-memory PGlite, for tests. */
  memory?: boolean;
  /** In-memory PGlite started from this data directory dump (PGlite's dumpDataDir), skipping initdb. */
  memoryTemplate?: Blob;
  poolSize?: number;
  /** CLI commands pass their name so the lock message can say who holds the database. */
  holder?: string;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in the data directory. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing
  await pool.query('select 1');
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    raw: {
      query: async (text, values) => pool.query(text, values as unknown[]) as never,
      exec: async (text) => {
        await pool.query(text);
      },
    },
    copyFrom: async (table, columns, csv) => {
      const { from } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        const stream = client.query(from(`COPY ${table} (${columns.join(',')}) FROM STDIN WITH (FORMAT csv)`));
        await new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
          stream.end(csv);
        });
        return stream.rowCount ?? 0;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}

// Customer search uses trigram GIN indexes (pg_trgm, plus btree_gin to lead them with workspace_id).
const PGLITE_EXTENSIONS = { pg_trgm, btree_gin };
const EXTENSIONS_SQL = 'create extension if not exists pg_trgm; create extension if not exists btree_gin;';

async function openPglite(opts: OpenOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (opts.memory) {
    pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS, ...(opts.memoryTemplate ? { loadDataDir: opts.memoryTemplate } : {}) });
  } else {
    const dir = opts.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    lock = acquireDataDirLock(dir, opts.holder ?? 'kunde');
    try {
      pglite = await PGlite.create({ dataDir: `${dir}/pgdata`, extensions: PGLITE_EXTENSIONS });
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const db = drizzlePglite({ client: pglite }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite,
    raw: {
      query: async (text, values) => {
        if (!values || values.length === 0) {
          // Simple protocol, like node-postgres without parameters: allows several statements.
          const results = await pglite.exec(text);
          const last = results[results.length - 1];
          return { rows: (last?.rows ?? []) as never[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
        }
        const r = await pglite.query(text, values);
        return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
      },
      exec: async (text) => {
        await pglite.exec(text);
      },
    },
    copyFrom: async (table, columns, csv) => {
      const r = await pglite.query(
        `COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`,
        [],
        { blob: new Blob([csv]) },
      );
      return r.affectedRows ?? 0;
    },
    close: async () => {
      await pglite.close();
      lock?.release();
    },
  };
}

/** Applies every pending migration; identical files on PGlite and PostgreSQL. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    // drizzle-kit does not generate CREATE EXTENSION; the init migration's indexes need these first.
    await database.raw.exec(EXTENSIONS_SQL);
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    // Several processes may start at once; an advisory lock makes the migration run once.
    const client = await database.pool!.connect();
    try {
      await client.query('select pg_advisory_lock(727274)');
      await client.query(EXTENSIONS_SQL);
      await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock(727274)').catch(() => {});
      client.release();
    }
  }
}

/**
 * COPY into a table on the connection of a running transaction (the `tx` of `db.transaction`), so
 * the load commits or rolls back with the rest of it — `Database.copyFrom` uses a connection of its
 * own. Drizzle keeps the transaction's driver client on `tx._.session.client`: a node-postgres client
 * on PostgreSQL, PGlite's transaction object on PGlite.
 */
export async function copyFromInTransaction(tx: Db, table: string, columns: string[], csv: string): Promise<number> {
  const client = (tx._.session as unknown as { client?: unknown }).client;
  const statement = (source: string) => `COPY ${table} (${columns.join(',')}) FROM ${source} WITH (FORMAT csv)`;
  if (client instanceof pg.Client) {
    const { from } = await import('pg-copy-streams');
    const stream = client.query(from(statement('STDIN')));
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(csv);
    });
    return stream.rowCount ?? 0;
  }
  const pgliteTx = client as { query?: PGlite['query'] } | undefined;
  if (typeof pgliteTx?.query !== 'function') throw new Error('copyFromInTransaction needs the tx of a db.transaction callback');
  const r = await pgliteTx.query(statement(`'/dev/blob'`), [], { blob: new Blob([csv]) });
  return r.affectedRows ?? 0;
}

/** Rows of a `db.execute(sql…)` result, whichever driver produced it. */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomToken } from '../../src/platform/ids.js';

export interface ScratchDatabase {
  /** Set on PostgreSQL: the URL of the new database. */
  databaseUrl?: string;
  /** Set on PGlite: a temporary data directory, as `kunde serve` would use. */
  dataDir?: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one benchmark: a new database on the DATABASE_URL server (dropped
 * afterwards), or PGlite in a temporary data directory (deleted afterwards).
 */
export async function createScratchDatabase(serverUrl = process.env.DATABASE_URL): Promise<ScratchDatabase> {
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kunde-bench-'));
    return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `kunde_bench_${randomToken(8).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

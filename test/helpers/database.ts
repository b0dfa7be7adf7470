import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { randomToken } from '../../src/platform/ids.js';

/**
 * A fresh, empty database for one test file: in-memory PGlite, or — when DATABASE_URL points at a
 * PostgreSQL server — a new database created on it and dropped again by `close()`.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ memory: true, ...(pgliteTemplate() ? { memoryTemplate: pgliteTemplate() } : {}) });
  const name = `kunde_test_${randomToken(10).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: testUrl.toString(), poolSize: 8 });
  const close = database.close;
  database.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  return database;
}

let template: Blob | undefined;
/**
 * The migrated data directory made once by vitest's global setup (pglite-template.ts), read once per
 * process. Passed in the environment, not vitest's provide/inject, so benches can use this file too.
 */
function pgliteTemplate(): Blob | undefined {
  const file = process.env.KUNDE_TEST_PGLITE_TEMPLATE;
  if (!file) return undefined;
  template ??= new Blob([readFileSync(file)]);
  return template;
}

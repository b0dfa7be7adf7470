import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../../src/platform/db/client.js';

/**
 * Vitest global setup: on PGlite (no DATABASE_URL), build one migrated database, dump its data
 * directory to a file, and let every test file start its in-memory database from that dump. A fresh
 * PGlite otherwise runs initdb and every migration, about 3 s of CPU per test app, which made the
 * PGlite run the slowest step of CI. Each test still gets its own database: the dump is only read.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  // Once per run: the integration and e2e projects share the dump made by whichever sets up first.
  if (process.env.DATABASE_URL || process.env.KUNDE_TEST_PGLITE_TEMPLATE) return undefined;
  const database = await openDatabase({ memory: true });
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dir = mkdtempSync(join(tmpdir(), 'kunde-pglite-template-'));
  const file = join(dir, 'pgdata.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  // Test workers are forked after global setup and inherit this environment.
  process.env.KUNDE_TEST_PGLITE_TEMPLATE = file;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.KUNDE_TEST_PGLITE_TEMPLATE;
  };
}

import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { openRuntime } from '../src/platform/runtime.js';
import { createLogger } from '../src/platform/log.js';
import { newId, randomToken } from '../src/platform/ids.js';
import { systemActor } from '../src/platform/context.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { runImport } from '../src/imports/pipeline.js';
import type { BenchContext, BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * CSV import of customers: a generated 7-column customer file (externalId, email, name, country, city,
 * language, plan) through the whole import pipeline (parse, map, validate, upsert in batches) into a
 * fresh workspace, against raw COPY of the same file into a plain 7-column table in the same run.
 * Then the same file again (every row unchanged).
 *
 * Also the floor the schema sets: the same rows put straight into customers + customer_identities with
 * plain SQL. Engine from the runner (a scratch database either way). Rows: BENCH_IMPORT_ROWS, default 200,000.
 */

export const name = 'csv-import';

const FIRST = ['Anna', 'Mads', 'Freja', 'Emil', 'Ayşe', 'Mehmet', 'Zeynep', 'Li', 'Wei', 'Jana', 'Lukas', 'Sofia', 'Oliver', 'Emma', 'Noah', 'Ida'];
const LAST = ['Hansen', 'Nielsen', 'Jensen', 'Yılmaz', 'Kaya', 'Demir', 'Wang', 'Zhang', 'Müller', 'Schmidt', 'Smith', 'Jones', 'Larsen', 'Öztürk'];
const PLACES: [string, string, string][] = [
  ['DK', 'København', 'da'], ['DK', 'Aarhus', 'da'], ['DK', 'Odense', 'da'], ['TR', 'İstanbul', 'tr'], ['TR', 'Ankara', 'tr'],
  ['CN', 'Shanghai', 'zh'], ['CN', 'Beijing', 'zh'], ['DE', 'Berlin', 'de'], ['DE', 'München', 'de'], ['GB', 'London', 'en'], ['US', 'New York', 'en'],
];
const PLANS = ['free', 'basic', 'pro', 'enterprise'];

/** A deterministic, realistic customer file: the same rows on every run and engine. */
export function generateCustomerCsv(rows: number): string {
  const lines = ['externalId,email,name,country,city,language,plan'];
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < rows; i++) {
    const first = FIRST[rnd(FIRST.length)];
    const last = LAST[rnd(LAST.length)];
    const [country, city, language] = PLACES[rnd(PLACES.length)];
    const email = `${first}.${last}.${i}@example.${country.toLowerCase()}`.normalize('NFKD').replace(/[^\w.@-]/g, '').toLowerCase();
    lines.push(`C${String(i).padStart(8, '0')},${email},${first} ${last},${country},${city},${language},${PLANS[rnd(PLANS.length)]}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const { engine } = ctx;
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'kunde-bench-import-'));
  const file = join(dir, 'customers.csv');
  writeFileSync(file, generateCustomerCsv(rows));
  const scratch = await createScratchDatabase(ctx.databaseUrl);
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir, poolSize: 4, holder: 'bench' });
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const out: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}) =>
    out.push({ bench: name, engine, metric, value: Math.round(value), unit, ...extra });
  try {
    const columns = ['external_id', 'email', 'name', 'country', 'city', 'language', 'plan'];
    await database.raw.exec(`create table bench_customers_raw (${columns.map((c) => `${c} text`).join(', ')})`);
    const body = readFileSync(file, 'utf8').replace(/^[^\n]*\n/, '');
    const t0 = performance.now();
    const copied = await database.copyFrom('bench_customers_raw', columns, body);
    const copyRate = copied / ((performance.now() - t0) / 1000);
    row('raw COPY into a plain 7-column table', copyRate, 'rows/s', { note: `${copied.toLocaleString('en')} rows` });

    // What the schema itself costs: the same rows put straight into customers + identities with plain
    // set-based SQL (no validation, no identity resolution) — the ceiling of any import path.
    const floorWs = newId();
    await database.raw.exec(`create table bench_customers_stage (${columns.map((c) => `${c} text`).join(', ')})`);
    const t1 = performance.now();
    await database.copyFrom('bench_customers_stage', columns, body);
    await database.raw.exec(`
      create table bench_customers_ids as
        select encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 'hex')::uuid as id, s.*
        from bench_customers_stage s;
      insert into customers (workspace_id, id, external_id, email, name, country, city, language, attributes)
        select '${floorWs}'::uuid, id, external_id, email, name, country, city, language, jsonb_build_object('plan', plan) from bench_customers_ids;
      insert into customer_identities (workspace_id, kind, value, customer_id, origin_customer_id)
        select '${floorWs}'::uuid, 'external_id', external_id, id, id from bench_customers_ids
        union all select '${floorWs}'::uuid, 'email', email, id, id from bench_customers_ids;`);
    const floorRate = rows / ((performance.now() - t1) / 1000);
    row('schema floor: COPY + plain INSERT…SELECT into customers and identities', floorRate, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((floorRate / copyRate) * 100)} % of COPY; every index of customers and customer_identities maintained`,
    });

    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
    const actor = systemActor(workspaceId, 'bench');
    const fresh = await runImport(rt.ctx, actor, createReadStream(file, { highWaterMark: 1024 * 1024 }), { kind: 'customers' });
    row('import pipeline, new customers', fresh.rowsPerSecond, 'rows/s', {
      baseline: Math.round(copyRate),
      target: '≥ 50 % of COPY',
      note: `${Math.round((fresh.rowsPerSecond / copyRate) * 100)} % of COPY; ${fresh.created.toLocaleString('en')} created, ${fresh.rejected} rejected`,
    });
    const again = await runImport(rt.ctx, actor, createReadStream(file, { highWaterMark: 1024 * 1024 }), { kind: 'customers' });
    row('import pipeline, same file again', again.rowsPerSecond, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((again.rowsPerSecond / copyRate) * 100)} % of COPY; ${again.unchanged.toLocaleString('en')} unchanged, ${again.created + again.updated} written`,
    });
  } finally {
    await rt.close();
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ engine: process.env.DATABASE_URL ? 'postgres' : 'pglite', databaseUrl: process.env.DATABASE_URL }).then(
    (rows) => console.table(rows),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

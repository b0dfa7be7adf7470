import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { openRuntime } from '../src/platform/runtime.js';
import { createLogger } from '../src/platform/log.js';
import { newId, randomToken } from '../src/platform/ids.js';
import { systemActor } from '../src/platform/context.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { runImport } from '../src/imports/pipeline.js';
import { openCsv } from '../src/imports/csv-reader.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * CSV import of customers: a generated 7-column customer file (externalId, email, name, country, city,
 * language, plan) through the whole import pipeline (parse, map, validate, then bulkUpsertCustomers:
 * COPY into a staging table + set-based SQL, in batches) into a fresh workspace, against raw COPY of
 * the same file into a plain 7-column table in the same run. Then the same file again (every row unchanged).
 *
 * Also what bounds it: the floor the schema sets (the same rows put straight into customers +
 * customer_identities with plain SQL, and the same without the trigram search index) and the CSV
 * parser alone. Engine from the runner (a scratch database either way). Rows: BENCH_IMPORT_ROWS, default 200,000.
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
        from bench_customers_stage s`);
    const insertCustomers = (ws: string) => `
      insert into customers (workspace_id, id, external_id, email, name, country, city, language, attributes)
        select '${ws}'::uuid, id, external_id, email, name, country, city, language, jsonb_build_object('plan', plan) from bench_customers_ids`;
    const t2 = performance.now();
    await database.raw.exec(insertCustomers(floorWs));
    const t3 = performance.now();
    await database.raw.exec(`
      insert into customer_identities (workspace_id, kind, value, customer_id, origin_customer_id)
        select '${floorWs}'::uuid, 'external_id', external_id, id, id from bench_customers_ids
        union all select '${floorWs}'::uuid, 'email', email, id, id from bench_customers_ids`);
    const t4 = performance.now();
    const floorRate = rows / ((t4 - t1) / 1000);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    row('schema floor: COPY + plain INSERT…SELECT into customers and identities', floorRate, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((floorRate / copyRate) * 100)} % of COPY; customers ${seconds(t3 - t2)}, identities ${seconds(t4 - t3)} (every index maintained)`,
    });

    // The pipeline's own ceiling on the Node side: parsing alone, with the reader the import uses.
    const t5 = performance.now();
    const csv = await openCsv(createReadStream(file, { highWaterMark: 1024 * 1024 }));
    let parsed = 0;
    for await (const record of csv.parser) if (record) parsed++;
    const parseRate = (parsed - 1) / ((performance.now() - t5) / 1000);
    row('CSV parsing alone (csv-parse, as the import reads)', parseRate, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((parseRate / copyRate) * 100)} % of COPY`,
    });

    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
    const actor = systemActor(workspaceId, 'bench');
    const fresh = await runImport(rt.ctx, actor, createReadStream(file, { highWaterMark: 1024 * 1024 }), { kind: 'customers' });
    // Held against the floor the schema sets (issue 9), not against a bare COPY no import path can reach.
    row('import pipeline, new customers', fresh.rowsPerSecond, 'rows/s', {
      baseline: Math.round(floorRate),
      target: '≥ 80 % of the schema floor',
      note: `${Math.round((fresh.rowsPerSecond / floorRate) * 100)} % of the floor, ${Math.round((fresh.rowsPerSecond / copyRate) * 100)} % of COPY; ${fresh.created.toLocaleString('en')} created, ${fresh.rejected} rejected`,
    });
    const again = await runImport(rt.ctx, actor, createReadStream(file, { highWaterMark: 1024 * 1024 }), { kind: 'customers' });
    row('import pipeline, same file again', again.rowsPerSecond, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((again.rowsPerSecond / copyRate) * 100)} % of COPY; ${again.unchanged.toLocaleString('en')} unchanged, ${again.created + again.updated} written`,
    });

    // Last, as it leaves dead rows behind: the customers insert again without the trigram search index
    // (dropped and restored in a rolled-back transaction) — how much of the floor that index is.
    const t6 = performance.now();
    await database.raw.exec(`begin; drop index customers_search_idx; ${insertCustomers(newId())}; rollback`);
    row('customers insert of the floor without the search index', rows / ((performance.now() - t6) / 1000), 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${seconds(performance.now() - t6)} vs ${seconds(t3 - t2)} with it`,
    });

    // And with no index at all (copies of both tables): what writing three rows per customer costs by itself.
    await database.raw.exec(`create table bench_customers_bare (like customers including defaults);
      create table bench_identities_bare (like customer_identities including defaults)`);
    const t7 = performance.now();
    await database.raw.exec(`${insertCustomers(floorWs).replace('into customers', 'into bench_customers_bare')};
      insert into bench_identities_bare (workspace_id, kind, value, customer_id, origin_customer_id)
        select '${floorWs}'::uuid, 'external_id', external_id, id, id from bench_customers_ids
        union all select '${floorWs}'::uuid, 'email', email, id, id from bench_customers_ids`);
    const bareRate = rows / ((performance.now() - t7) / 1000);
    row('floor without any index (customers + identities rows only)', bareRate, 'rows/s', {
      baseline: Math.round(copyRate),
      note: `${Math.round((bareRate / copyRate) * 100)} % of COPY: the ceiling of any path that writes these rows`,
    });
  } finally {
    await rt.close();
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

runIfMain(import.meta.url, run);

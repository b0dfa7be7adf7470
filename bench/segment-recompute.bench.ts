import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, selectRows } from '../src/platform/db/client.js';
import { openRuntime, type Runtime } from '../src/platform/runtime.js';
import { createLogger } from '../src/platform/log.js';
import { newId } from '../src/platform/ids.js';
import { segments } from '../src/customers/segments/segments.tables.js';
import { recomputeSegment, refreshSegmentsForCustomers } from '../src/customers/segments/membership.js';
import { previewSegment } from '../src/customers/segments/segments.service.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * Segment recompute over many customers: one workspace of generated customers (realistic spreads of
 * country, orders and activity), a three-predicate rule, a full recompute from empty and again after
 * ~5 % of customers changed, against the plain SQL count of the same predicate in the same run.
 * Also: the incremental refresh of one ingest batch (500 customers) and the preview (live) count.
 *
 * Engine: PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped), else
 * PGlite in a temporary data directory. Rows: BENCH_SEGMENT_ROWS, default 1,000,000 on PostgreSQL, 200,000 on PGlite.
 */

export const name = 'segment-recompute';

const RULE = {
  all: [
    { field: 'country', op: 'in', value: ['DK', 'SE'] },
    { field: 'orderCount', op: 'gte', value: 2 },
    { field: 'lastActivityAt', op: 'withinLastDays', value: 90 },
  ],
};

/** Customers with time-ordered ids (like UUIDv7) and skewed, plausible trait distributions. */
async function generateCustomers(rt: Runtime, workspaceId: string, rows: number): Promise<void> {
  const chunk = 250_000;
  for (let from = 1; from <= rows; from += chunk) {
    const to = Math.min(rows, from + chunk - 1);
    await rt.ctx.db.execute(sql`
      insert into customers (workspace_id, id, country, language, order_count, total_spend, last_activity_at, lifecycle_stage, created_at)
      select ${workspaceId}::uuid,
             encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(1700000000000 + g) from 3) from 1 for 6), 'hex')::uuid,
             (array['DK','SE','DE','TR','CN','GB','US','DK','DE','TR'])[1 + floor(random() * 10)::int],
             (array['da','sv','de','tr','zh','en'])[1 + floor(random() * 6)::int],
             o, o * (500 + floor(random() * 40000))::bigint,
             case when random() < 0.05 then null else now() - make_interval(secs => power(random(), 2) * 400 * 86400) end,
             'active', now() - make_interval(days => floor(random() * 900)::int)
      from generate_series(${from}::bigint, ${to}::bigint) g, lateral (select floor(-ln(1 - random()) * 1.6 + 0 * g)::int as o) x`);
  }
  await rt.ctx.db.execute(sql`analyze customers`);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

export async function run(ctx: BenchContext = { engine: process.env.DATABASE_URL ? 'postgres' : 'pglite', databaseUrl: process.env.DATABASE_URL }): Promise<BenchRow[]> {
  const engine = ctx.engine;
  const rows = Number(process.env.BENCH_SEGMENT_ROWS ?? (engine === 'postgres' ? 1_000_000 : 200_000));
  const scratch = await createScratchDatabase(ctx.databaseUrl);
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir, poolSize: 4, holder: 'segment bench' });
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const out: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}) =>
    out.push({ bench: name, engine, metric, value: Math.round(value * 1000) / 1000, unit, ...extra });
  try {
    const ws = newId();
    const gen = await timed(() => generateCustomers(rt, ws, rows));
    row('generate customers (setup, not measured)', gen.seconds, 's', { note: `${rows.toLocaleString('en')} customers` });

    const baselineSql = sql`select count(*)::int as n from customers
      where workspace_id = ${ws}::uuid and country in ('DK', 'SE') and order_count >= 2 and last_activity_at >= now() - interval '90 days'`;
    await selectRows(rt.ctx.db, baselineSql); // warm the cache like the recompute runs will be
    const baseline = await timed(async () => (await selectRows<{ n: number }>(rt.ctx.db, baselineSql))[0].n);
    row('plain SQL count of the rule', baseline.seconds, 's', { note: `${baseline.value} match` });

    const segmentId = newId();
    await rt.ctx.db.insert(segments).values({ workspaceId: ws, id: segmentId, name: 'Active Nordic repeat buyers', rules: RULE });
    const first = await timed(() => recomputeSegment(rt.ctx, ws, segmentId));
    row('full recompute from empty', first.seconds, 's', {
      baseline: baseline.seconds, target: '< 2 s', note: `size ${first.value?.size}, entered ${first.value?.entered}`,
    });

    // ~5 % of customers change country, orders and activity, so some enter and some leave.
    await rt.ctx.db.execute(sql`
      update customers set
        country = (array['DK','SE','DE','TR'])[1 + floor(random() * 4)::int],
        order_count = floor(random() * 5)::int,
        last_activity_at = now() - make_interval(days => floor(random() * 180)::int)
      where workspace_id = ${ws}::uuid and random() < 0.05`);
    const second = await timed(() => recomputeSegment(rt.ctx, ws, segmentId));
    row('full recompute after ~5 % changed', second.seconds, 's', {
      baseline: baseline.seconds, target: '< 2 s', note: `size ${second.value?.size}, entered ${second.value?.entered}, left ${second.value?.left}`,
    });
    const again = await timed(() => recomputeSegment(rt.ctx, ws, segmentId));
    row('full recompute, nothing changed', again.seconds, 's', { baseline: baseline.seconds });

    const batch = await selectRows<{ id: string }>(rt.ctx.db, sql`select id from customers where workspace_id = ${ws}::uuid order by random() limit 500`);
    await rt.ctx.db.execute(sql`update customers set order_count = order_count + 2, last_activity_at = now()
      where workspace_id = ${ws}::uuid and id = any(${sql.param(batch.map((b) => b.id))}::uuid[])`);
    const refresh = await timed(() => refreshSegmentsForCustomers(rt.ctx, ws, batch.map((b) => b.id)));
    row('incremental refresh of one ingest batch (500 customers)', refresh.seconds * 1000, 'ms', {
      note: `entered ${refresh.value[0]?.entered ?? 0}, left ${refresh.value[0]?.left ?? 0}`,
    });

    const preview = await timed(() => previewSegment(rt.ctx.db, ws, RULE));
    row('preview (live count + sample)', preview.seconds, 's', { baseline: baseline.seconds, note: `${preview.value.count} of ${preview.value.total}` });
  } finally {
    await rt.close();
    await scratch.drop();
  }
  return out;
}

runIfMain(import.meta.url, run);

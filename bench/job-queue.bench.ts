import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { BenchContext, BenchRow } from './bench.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/client.js';
import { createLogger } from '../src/platform/log.js';
import { defineJob, JobQueue, type JobDefinition } from '../src/platform/jobs/queue.js';
import { createScratchDatabase } from './lib/scratch-database.js';
import { domainServices } from '../src/modules.js';

/**
 * Background job throughput with the production queue settings (1 s polling when idle): how fast
 * jobs are queued one by one, and how fast one worker drains a backlog of no-op jobs taking one job
 * per fetch (the default) or BATCH per fetch. This is the queue's own overhead (fetch, complete,
 * bookkeeping); real jobs add their work on top. See docs/scaling.md.
 */
export const name = 'job-queue';

const SINGLE_JOBS = Number(process.env.BENCH_JOBS_SINGLE ?? 1_000);
const BATCH_JOBS = Number(process.env.BENCH_JOBS_BATCH ?? 2_000);
const BATCH = 50;
const ZPayload = z.object({ workspaceId: z.string(), n: z.number() });

async function completed(database: Database, queue: string): Promise<number> {
  const r = await database.raw.query<{ n: number }>(
    "select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'",
    [queue],
  );
  return r.rows[0].n;
}

/** Sends `count` jobs with no worker running, then starts one and times the drain. */
async function drain(database: Database, def: JobDefinition<z.infer<typeof ZPayload>>, count: number) {
  const log = createLogger('silent');
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const sender = new JobQueue(database, [def], log);
  await sender.start({ config, database, db: database.db, jobs: sender, log, ...domainServices }, { work: false });
  const t0 = performance.now();
  for (let n = 0; n < count; n++) await sender.send(def, { workspaceId: 'bench', n });
  const sendRate = count / ((performance.now() - t0) / 1000);
  await sender.stop();

  const worker = new JobQueue(database, [def], log);
  const t1 = performance.now();
  await worker.start({ config, database, db: database.db, jobs: worker, log, ...domainServices }, { work: true });
  while ((await completed(database, def.name)) < count) await sleep(50);
  const drainRate = count / ((performance.now() - t1) / 1000);
  await worker.stop();
  return { sendRate, drainRate };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const scratch = await createScratchDatabase(ctx.databaseUrl);
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir, poolSize: 4 });
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, extra: Partial<BenchRow> = {}) =>
    rows.push({ bench: name, engine: ctx.engine, metric, value: Math.round(value * 10) / 10, unit: 'jobs/s', ...extra });
  try {
    const single = await drain(database, defineJob({ name: 'bench-noop-single', payload: ZPayload, handler: async () => null }), SINGLE_JOBS);
    const batched = await drain(
      database,
      defineJob({ name: 'bench-noop-batch', payload: ZPayload, batchSize: BATCH, handler: async () => null }),
      BATCH_JOBS,
    );
    row('send (enqueue one by one)', batched.sendRate, { note: `${BATCH_JOBS} jobs` });
    row('drain, 1 worker, 1 job per fetch (default)', single.drainRate, { note: `${SINGLE_JOBS} no-op jobs` });
    row(`drain, 1 worker, batchSize ${BATCH}`, batched.drainRate, { baseline: Math.round(single.drainRate * 10) / 10, note: `${BATCH_JOBS} no-op jobs` });
  } finally {
    await database.close();
    await scratch.drop();
  }
  return rows;
}

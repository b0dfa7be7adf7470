import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { createLogger } from '../log.js';
import { defineJob, JobQueue, type JobDefinition, type JobRun } from './queue.js';
import { domainServices } from '../../modules.js';

/*
 * What we rely on pg-boss for, proven on the engine the suite runs on (PGlite by default,
 * PostgreSQL with DATABASE_URL): retries with backoff, delays, cron, exactly-once across
 * processes, recovery after a crashed worker and after a restart, and graceful shutdown.
 */

const isPostgres = Boolean(process.env.DATABASE_URL);
const TUNING = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, cronIntervalSeconds: 1 };
const log = createLogger('silent');
const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
const ZPayload = z.object({ workspaceId: z.string().optional(), n: z.number().int().optional() });

let database: Database;
const started: JobQueue[] = [];
const extraDatabases: Database[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const q of started.splice(0)) await q.stop(2_000);
});
afterAll(async () => {
  for (const d of extraDatabases.splice(0)) await d.close();
  await database?.close();
  if (durableDir) rmSync(durableDir, { recursive: true, force: true });
});

/** A second "process": its own connection pool on PostgreSQL; PGlite has only the one database. */
async function secondConnection(): Promise<Database> {
  if (!isPostgres) return database;
  const other = await openDatabase({ databaseUrl: database.pool!.options.connectionString!, poolSize: 4 });
  extraDatabases.push(other);
  return other;
}

async function startQueue(defs: JobDefinition[], opts: { work: boolean; on?: Database }): Promise<JobQueue> {
  const queue = await startQueueOn(opts.on ?? database, defs, opts.work);
  started.push(queue);
  return queue;
}

interface JobRow {
  state: string;
  retry_count: number;
  output: { message?: string } | null;
}
/** The test database opened afresh, as a restarted process would: a new pool, or PGlite on disk. */
let durableDir: string | undefined;
async function openDurable(): Promise<Database> {
  if (isPostgres) return openDatabase({ databaseUrl: database.pool!.options.connectionString!, poolSize: 2 });
  durableDir ??= mkdtempSync(join(tmpdir(), 'kunde-queue-'));
  return openDatabase({ dataDir: durableDir });
}

async function startQueueOn(on: Database, defs: JobDefinition[], work: boolean): Promise<JobQueue> {
  const queue = new JobQueue(on, defs, log, TUNING);
  await queue.start({ config, database: on, db: on.db, jobs: queue, log, ...domainServices }, { work });
  return queue;
}

async function jobRow(id: string, on: Database = database): Promise<JobRow | undefined> {
  const r = await on.raw.query<JobRow>('select state::text as state, retry_count, output from pgboss.job where id = $1', [id]);
  return r.rows[0];
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('retries', () => {
  it('retries a failing job with growing backoff until it succeeds', async () => {
    const attempts: { at: number; run: JobRun }[] = [];
    const flaky = defineJob({
      name: 'proof-retry-backoff',
      payload: ZPayload,
      retryLimit: 3,
      retryDelaySeconds: 1,
      retryBackoff: true,
      handler: async (_ctx, _p, run) => {
        attempts.push({ at: Date.now(), run });
        if (attempts.length < 3) throw new Error(`flaky attempt ${attempts.length}`);
        return { ok: true };
      },
    });
    const queue = await startQueue([flaky], { work: true });
    const id = (await queue.send(flaky, {}))!;
    await waitFor('the third attempt to complete', async () => (await jobRow(id))?.state === 'completed', 20_000);
    expect(attempts.map((a) => a.run.retryCount)).toEqual([0, 1, 2]);
    // pg-boss backoff: delay · 2^(n+1)/2 · (1 + random) → [1 s, 2 s) before the first retry, [2 s, 4 s) before the second.
    const firstGap = attempts[1].at - attempts[0].at;
    const secondGap = attempts[2].at - attempts[1].at;
    expect(firstGap).toBeGreaterThanOrEqual(950);
    expect(secondGap).toBeGreaterThanOrEqual(1950);
  }, 30_000);

  it('gives up after retryLimit and keeps the last error', async () => {
    let calls = 0;
    const broken = defineJob({
      name: 'proof-retry-exhausted',
      payload: ZPayload,
      retryLimit: 1,
      retryDelaySeconds: 0,
      retryBackoff: false,
      handler: async () => {
        calls++;
        throw new Error('the mail server refused the message');
      },
    });
    const queue = await startQueue([broken], { work: true });
    const id = (await queue.send(broken, {}))!;
    await waitFor('the job to fail', async () => (await jobRow(id))?.state === 'failed');
    expect(calls).toBe(2);
    expect((await jobRow(id))?.output?.message).toBe('the mail server refused the message');
  }, 20_000);
});

describe('scheduling', () => {
  it('does not run a delayed job before its startAfter', async () => {
    let ranAt = 0;
    const reminder = defineJob({ name: 'proof-delayed', payload: ZPayload, handler: async () => void (ranAt = Date.now()) });
    const queue = await startQueue([reminder], { work: true });
    const startAfter = new Date(Date.now() + 2_000);
    const id = (await queue.send(reminder, {}, { startAfter }))!;
    await sleep(1_200);
    expect(ranAt).toBe(0);
    expect((await jobRow(id))?.state).toBe('created');
    await waitFor('the delayed job to run', () => ranAt > 0);
    expect(ranAt).toBeGreaterThanOrEqual(startAfter.getTime() - 50);
  }, 20_000);

  it('registers a cron schedule and runs it', async () => {
    let runs = 0;
    const everyMinute = defineJob({ name: 'proof-cron', payload: z.object({}), cron: '* * * * *', handler: async () => void runs++ });
    await startQueue([everyMinute], { work: true });
    const schedules = await database.raw.query<{ cron: string; timezone: string }>(
      "select cron, timezone from pgboss.schedule where name = 'proof-cron'",
    );
    expect(schedules.rows).toEqual([{ cron: '* * * * *', timezone: 'UTC' }]);
    // A schedule whose last tick is under a minute old is due at once: the first check sends it.
    await waitFor('the cron job to run', () => runs > 0, 15_000);
  }, 20_000);
});

describe('exactly once across processes', () => {
  it('two workers on the same database handle each of 200 jobs exactly once', async () => {
    const N = 200;
    const handled = new Map<number, number>();
    const byWorker = { a: 0, b: 0 };
    const makeDef = (worker: 'a' | 'b') =>
      defineJob({
        name: 'proof-exactly-once',
        payload: ZPayload,
        concurrency: 2,
        batchSize: 5,
        handler: async (_ctx, p) => {
          handled.set(p.n!, (handled.get(p.n!) ?? 0) + 1);
          byWorker[worker]++;
          await sleep(Math.random() * 5); // let the workers' fetches interleave
        },
      });
    const sender = await startQueue([makeDef('a')], { work: false });
    const ids: string[] = [];
    for (let n = 0; n < N; n++) ids.push((await sender.send(makeDef('a'), { n }))!);
    expect(new Set(ids).size).toBe(N);

    await Promise.all([
      startQueue([makeDef('a')], { work: true }),
      startQueue([makeDef('b')], { work: true, on: await secondConnection() }),
    ]);
    await waitFor('all jobs to complete', async () => {
      const r = await database.raw.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = 'proof-exactly-once' and state = 'completed'",
      );
      return r.rows[0].n === N;
    }, 40_000);

    expect(handled.size).toBe(N);
    expect([...handled.values()].every((times) => times === 1)).toBe(true);
    expect(byWorker.a + byWorker.b).toBe(N);
    // Both took part, so the single handling is the queue's doing, not one worker doing everything.
    expect(byWorker.a).toBeGreaterThan(0);
    expect(byWorker.b).toBeGreaterThan(0);
  }, 60_000);
});

describe('throughput', () => {
  it('drains a backlog without sleeping a polling interval between jobs', async () => {
    const N = 40;
    let done = 0;
    const noop = defineJob({ name: 'proof-backlog', payload: ZPayload, handler: async () => void done++ });
    const sender = await startQueue([noop], { work: false });
    for (let n = 0; n < N; n++) await sender.send(noop, { n });
    const t0 = Date.now();
    await startQueue([noop], { work: true });
    await waitFor('the backlog to drain', () => done === N);
    // One job per 0.5 s poll would take 20 s; fetching again after each full fetch takes well under.
    expect(Date.now() - t0).toBeLessThan(8_000);
  }, 30_000);
});

describe('crashes and restarts', () => {
  it('re-runs a job whose worker died mid-run after its expiry, on another worker', async () => {
    const expireInSeconds = 2;
    let resumed: JobRun | undefined;
    const importJob = defineJob({
      name: 'proof-crash',
      payload: ZPayload,
      expireInSeconds,
      retryDelaySeconds: 0,
      retryBackoff: false,
      handler: async (_ctx, _p, run) => void (resumed = run),
    });
    const sender = await startQueue([importJob], { work: false });
    const id = (await sender.send(importJob, {}))!;

    // The doomed process: takes the job exactly as a worker does (state active, started_on set) and
    // vanishes without a word — what a SIGKILL or power loss leaves behind in the database.
    const doomedDb = await secondConnection();
    const doomed = new PgBoss({ schema: 'pgboss', supervise: false, schedule: false, db: { executeSql: (t, v) => doomedDb.raw.query(t, v) } });
    await doomed.start();
    const [taken] = await doomed.fetch('proof-crash');
    expect(taken.id).toBe(id);
    const claimedAt = Date.now();
    await doomed.stop({ graceful: false, close: false });
    if (doomedDb !== database) {
      extraDatabases.splice(extraDatabases.indexOf(doomedDb), 1);
      await doomedDb.close(); // its connections die with it
    }
    expect((await jobRow(id))?.state).toBe('active');

    await startQueue([importJob], { work: true });
    await waitFor('the orphaned job to complete', async () => (await jobRow(id))?.state === 'completed', 20_000);
    expect(resumed?.id).toBe(id);
    expect(resumed?.retryCount).toBe(1);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(expireInSeconds * 1000);
  }, 30_000);

  it('keeps queued jobs across a restart of the database', async () => {
    let ran: number | undefined;
    const digest = defineJob({ name: 'proof-restart', payload: ZPayload, handler: async (_c, p) => void (ran = p.n) });
    const before = await openDurable();
    const producer = await startQueueOn(before, [digest], false);
    const id = (await producer.send(digest, { n: 42 }))!;
    await producer.stop();
    await before.close();

    const after = await openDurable();
    const worker = await startQueueOn(after, [digest], true);
    try {
      await waitFor('the job queued before the restart to run', async () => (await jobRow(id, after))?.state === 'completed');
      expect(ran).toBe(42);
    } finally {
      await worker.stop();
      await after.close();
    }
  }, 30_000);

  it('lets a running job finish and records it before the database closes', async () => {
    let startedRun = false;
    let finished = false;
    const slow = defineJob({
      name: 'proof-graceful',
      payload: ZPayload,
      handler: async () => {
        startedRun = true;
        await sleep(1_500);
        finished = true;
      },
    });
    const first = await openDurable();
    const queue = await startQueueOn(first, [slow], true);
    const id = (await queue.send(slow, {}))!;
    await waitFor('the job to start', () => startedRun);
    // What `kunde serve` does on SIGTERM: stop the queue, then close the database straight away.
    await queue.stop(10_000);
    await first.close();
    expect(finished).toBe(true);

    const reopened = await openDurable();
    try {
      expect((await jobRow(id, reopened))?.state).toBe('completed');
    } finally {
      await reopened.close();
    }
  }, 20_000);
});

import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { AppContext } from '../context.js';

export interface JobRun {
  id: string;
  retryCount: number;
}

/** A background job: its queue name, its payload schema, retry policy and handler. */
export interface JobDefinition<P extends { workspaceId?: string } = { workspaceId?: string }> {
  name: string;
  payload: z.ZodType<P>;
  // Method syntax on purpose: registries hold jobs of different payloads side by side.
  handler(ctx: AppContext, payload: P, run: JobRun): Promise<unknown>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job still running after this long is presumed crashed and retried. */
  expireInSeconds?: number;
  /** Recurring schedule (cron syntax, UTC); the payload is then `{}`. */
  cron?: string;
  /** Parallel workers of this queue per process. */
  concurrency?: number;
  /** Jobs each worker takes per fetch and runs side by side (fewer round trips for small jobs). */
  batchSize?: number;
  /** pg-boss queue policy; singletonKey only deduplicates under 'short', 'singleton' or 'stately'. */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export const defineJob = <P extends { workspaceId?: string }>(def: JobDefinition<P>): JobDefinition<P> => def;

export interface SendOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** Only one queued job per key at a time (deduplicates e.g. "recompute segment X"). */
  singletonKey?: string;
}

export interface QueueTuning {
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed over for retry and old ones archived. */
  maintenanceIntervalSeconds?: number;
  /** How often cron schedules are checked (pg-boss: 1–45 s). */
  cronIntervalSeconds?: number;
}

/**
 * Durable background work on pg-boss: jobs live in PostgreSQL (schema `pgboss`), several processes
 * share one queue and each job runs once (SELECT … FOR UPDATE SKIP LOCKED), a crashed job expires
 * and is retried. On PGlite pg-boss runs through our single connection.
 */
export class JobQueue {
  private boss: PgBoss;
  private readonly defs = new Map<string, JobDefinition>();
  private ctx?: AppContext;
  private started = false;
  private working = false;
  /** SQL pg-boss has issued and not yet seen answered; stop() waits for it (see there). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    database: Database,
    definitions: JobDefinition[],
    private readonly log: FastifyBaseLogger,
    private readonly tuning: QueueTuning = {},
  ) {
    for (const d of definitions) this.defs.set(d.name, d);
    const common = {
      schema: 'pgboss',
      maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds ?? 60,
      monitorStateIntervalSeconds: 60,
      cronMonitorIntervalSeconds: tuning.cronIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: Math.min(tuning.cronIntervalSeconds ?? 5, 5),
    };
    const executeSql = (text: string, values?: unknown[]) => {
      const query = database.raw.query(text, values);
      const settled: Promise<unknown> = query.then(
        (): boolean => this.inFlight.delete(settled),
        (): boolean => this.inFlight.delete(settled),
      );
      this.inFlight.add(settled);
      return query;
    };
    this.boss = new PgBoss({ ...common, db: { executeSql } });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  /** Installs the queue schema and queues; with `work`, this process also runs jobs. */
  async start(ctx: AppContext, { work }: { work: boolean }): Promise<void> {
    this.ctx = ctx;
    await this.boss.start();
    this.started = true;
    for (const def of this.defs.values()) {
      const options = {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: def.retryBackoff ?? true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
        policy: def.policy ?? 'standard',
      };
      const existing = await this.boss.getQueue(def.name);
      if (existing) await this.boss.updateQueue(def.name, { name: def.name, ...options });
      else await this.boss.createQueue(def.name, { name: def.name, ...options });
      if (def.cron) await this.boss.schedule(def.name, def.cron, {});
    }
    if (work) await this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    for (const def of this.defs.values()) {
      const concurrency = def.concurrency ?? 1;
      const batchSize = def.batchSize ?? 1;
      for (let i = 0; i < concurrency; i++) {
        // Filled in once pg-boss returns it; the first fetch may finish before that.
        const worker: { id?: string } = {};
        worker.id = await this.boss.work<object>(
          def.name,
          { batchSize, pollingIntervalSeconds: this.tuning.pollingIntervalSeconds ?? 1, includeMetadata: true },
          async (jobs: PgBoss.JobWithMetadata<object>[]) => {
            try {
              return jobs.length === 1 ? await this.run(def, jobs[0]) : await this.runBatch(def, jobs);
            } finally {
              // pg-boss sleeps a polling interval after every fetch, even a full one (≈ 1 job/s per
              // worker). A full batch means more may be waiting: skip the sleep and fetch again.
              if (worker.id && jobs.length >= batchSize) this.boss.notifyWorker(worker.id);
            }
          },
        );
      }
    }
  }

  private async run(def: JobDefinition, job: PgBoss.JobWithMetadata<object>): Promise<unknown> {
    const parsed = def.payload.safeParse(job.data);
    if (!parsed.success) {
      // A malformed payload will never succeed; fail it without burning retries on it.
      this.log.error({ job: job.id, queue: def.name, issues: parsed.error.issues }, 'job payload invalid');
      throw new Error(`invalid payload: ${parsed.error.message}`);
    }
    const t0 = performance.now();
    try {
      const out = await def.handler(this.ctx!, parsed.data, { id: job.id, retryCount: job.retryCount });
      this.log.debug({ job: job.id, queue: def.name, ms: Math.round(performance.now() - t0) }, 'job done');
      return out ?? null;
    } catch (err) {
      this.log.warn({ err, job: job.id, queue: def.name, retry: job.retryCount }, 'job failed');
      throw err;
    }
  }

  /**
   * pg-boss settles a batch as a whole; settling each job as soon as it ends keeps one job's
   * failure (or the batch outlasting its expiry) from re-running jobs that already succeeded.
   */
  private async runBatch(def: JobDefinition, jobs: PgBoss.JobWithMetadata<object>[]): Promise<void> {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const out = await this.run(def, job);
          await this.boss.complete(def.name, job.id, typeof out === 'object' && out !== null ? out : { value: out });
        } catch (err) {
          await this.boss.fail(def.name, job.id, err as object);
        }
      }),
    );
  }

  get isWorking(): boolean {
    return this.working;
  }

  /** Queues a job; returns its id (null when a singleton of the same key is already queued). */
  async send<P extends { workspaceId?: string }>(
    def: JobDefinition<P>,
    payload: P,
    opts: SendOptions = {},
  ): Promise<string | null> {
    if (!this.defs.has(def.name)) throw new Error(`job ${def.name} is not registered`);
    return this.boss.send(def.name, def.payload.parse(payload) as object, {
      startAfter: opts.startAfter,
      singletonKey: opts.singletonKey,
    });
  }

  /** Puts a failed job back in the queue. */
  async retry(name: string, id: string): Promise<void> {
    await this.boss.retry(name, id);
  }

  /** Stops taking jobs, lets running ones finish for up to `timeoutMs`, then releases the rest. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    // pg-boss issues a finished job's completion without awaiting it; wait for that write so
    // closing the database next can never cut it off (the job would then run again on expiry).
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

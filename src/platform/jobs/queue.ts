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
  /** Parallel jobs of this queue per process. */
  concurrency?: number;
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
  maintenanceIntervalSeconds?: number;
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
    };
    this.boss = new PgBoss({ ...common, db: { executeSql: (text, values) => database.raw.query(text, values) } });
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
      for (let i = 0; i < concurrency; i++) {
        await this.boss.work<object>(
          def.name,
          { batchSize: 1, pollingIntervalSeconds: this.tuning.pollingIntervalSeconds ?? 1, includeMetadata: true },
          async ([job]: PgBoss.JobWithMetadata<object>[]) => this.run(def, job),
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
  }
}

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { migrateDatabase, openDatabase, type Database } from './db/client.js';
import { JobQueue, type QueueTuning } from './jobs/queue.js';
import { buildApp } from './http/app.js';
import { createLogger } from './log.js';
import { allJobs, allRoutes, backgroundServers, domainServices } from '../modules.js';
import type { RunningServer } from './ports.js';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** Run background jobs in this process. */
  work?: boolean;
  /** Name shown if another process finds the embedded database locked. */
  holder?: string;
  logger?: Logger;
  database?: Database;
  queueTuning?: QueueTuning;
}

/** Opens the database, applies migrations and starts the job queue: what every process needs. */
export async function openRuntime(config: Config, opts: OpenRuntimeOptions = {}): Promise<Runtime> {
  const log = opts.logger ?? createLogger(config.LOG_LEVEL);
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      poolSize: config.DATABASE_POOL_SIZE,
      holder: opts.holder,
    }));
  try {
    await migrateDatabase(database);
    const jobs = new JobQueue(database, allJobs, log, opts.queueTuning);
    const ctx: AppContext = { config, database, db: database.db, jobs, log, ...domainServices };
    await jobs.start(ctx, { work: opts.work ?? false });
    return {
      ctx,
      database,
      close: async () => {
        await jobs.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}

export interface Server extends Runtime {
  app: FastifyInstance;
  url: string;
}

/** Runtime + HTTP server, listening; SIGTERM/SIGINT drain requests, finish or release jobs, then exit. */
export async function startServer(config: Config, opts: OpenRuntimeOptions = {}): Promise<Server> {
  const runtime = await openRuntime(config, { work: config.KUNDE_WORKER, holder: 'kunde serve', ...opts });
  const app = await buildApp(runtime.ctx, allRoutes);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;
  // Domains' other listeners (the SMTP receiver); a failure to start one stops start-up like a busy port.
  const servers: RunningServer[] = [];
  try {
    for (const s of backgroundServers) {
      const running = await s.start(runtime.ctx);
      if (running) {
        servers.push(running);
        runtime.ctx.log.info({ server: s.name, address: running.address }, 'listening');
      }
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    await app.close();
    await runtime.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await Promise.all(servers.map((s) => s.close().catch(() => {})));
      await app.close(); // stops accepting, waits for in-flight requests
      await runtime.close();
    })());
  return { ...runtime, app, url, close };
}

export function closeOnSignals(server: { close(): Promise<void>; ctx: AppContext }): void {
  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) process.exit(1); // second signal: stop waiting
    signalled = true;
    server.ctx.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

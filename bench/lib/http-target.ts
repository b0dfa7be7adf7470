import Fastify from 'fastify';
import { loadConfig } from '../../src/platform/config.js';
import { startServer } from '../../src/platform/runtime.js';
import { createLogger } from '../../src/platform/log.js';
import { randomToken } from '../../src/platform/ids.js';
import { systemActor } from '../../src/platform/context.js';
import { createWorkspaceWithOwner } from '../../src/accounts/workspaces.service.js';
import { createApiKey } from '../../src/accounts/api-keys.service.js';
import { createScratchDatabase } from './scratch-database.js';

/*
 * The server under load, in its own process so that it does not share an event loop with the
 * load generator: `node --import tsx bench/lib/http-target.ts fastify|kunde`. Prints one JSON line
 * {url, key?} when it listens; SIGTERM closes it and drops its database.
 */

export interface HttpTarget {
  url: string;
  /** An admin API key of a fresh workspace (Kunde only). */
  key?: string;
}

async function bareFastify(): Promise<{ target: HttpTarget; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ status: 'ok' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { target: { url }, close: () => app.close() };
}

async function kunde(): Promise<{ target: HttpTarget; close(): Promise<void> }> {
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    KUNDE_DATA_DIR: scratch.dataDir ?? '/nonexistent',
    DATABASE_URL: scratch.databaseUrl,
    KUNDE_DEMO: 'false',
    RATE_LIMIT_API_PER_MINUTE: '100000000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const { workspaceId } = await createWorkspaceWithOwner(server.ctx.db, {
    workspaceName: 'Bench',
    email: `bench-${randomToken(6).toLowerCase()}@example.com`,
    password: `pw-${randomToken(16)}`,
  });
  const { key } = await createApiKey(server.ctx.db, systemActor(workspaceId), { name: 'bench', role: 'admin' });
  return {
    target: { url: server.url, key },
    close: async () => {
      await server.close();
      await scratch.drop();
    },
  };
}

const kind = process.argv[2];
const started = kind === 'fastify' ? await bareFastify() : kind === 'kunde' ? await kunde() : undefined;
if (!started) throw new Error(`unknown target "${kind}"; use fastify or kunde`);
process.stdout.write(`${JSON.stringify(started.target)}\n`);
process.once('SIGTERM', () => {
  started.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});

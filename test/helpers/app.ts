import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openRuntime, type Runtime } from '../../src/platform/runtime.js';
import { buildApp } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/log.js';
import { allRoutes } from '../../src/modules.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  rt: Runtime;
  config: Config;
  close(): Promise<void>;
}

/** The real application on a fresh database, for app.inject() tests. Jobs run only if asked. */
export async function createTestApp(opts: { work?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const config = loadConfig({
    KUNDE_DATA_DIR: '/nonexistent',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_API_PER_MINUTE: '100000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    ...opts.env,
  });
  const database = await createTestDatabase();
  const rt = await openRuntime(config, {
    database,
    work: opts.work ?? false,
    logger: createLogger(config.LOG_LEVEL),
    queueTuning: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
  });
  const app = await buildApp(rt.ctx, allRoutes);
  await app.ready();
  return {
    app,
    rt,
    config,
    close: async () => {
      await app.close();
      await rt.close();
    },
  };
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  contentType: string;
}

/** app.inject with a JSON body and a bearer key or session, returning parsed JSON. */
export async function call<T = Record<string, unknown>>(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  opts: { key?: string; body?: unknown; headers?: Record<string, string>; session?: { cookie: string; csrfToken: string } } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    headers['x-csrf-token'] ??= opts.session.csrfToken;
  }
  const res = await app.inject({
    method,
    url,
    headers: typeof opts.body === 'string' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(opts.body !== undefined ? { payload: opts.body as string | object } : {}),
  });
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body: body as T, headers: res.headers, contentType: String(res.headers['content-type'] ?? '') };
}

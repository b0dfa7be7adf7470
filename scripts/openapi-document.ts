// The OpenAPI document of every route in src/modules.ts, built without a database or a listening
// server: route registration only reads schemas, so the context's database and job queue are stand-ins
// that fail loudly if anything does touch them while the document is built.
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { createLogger } from '../src/platform/log.js';
import { buildApp } from '../src/platform/http/app.js';
import { allRoutes, domainServices } from '../src/modules.js';

export const API_PREFIX = '/api/v1';

function unavailable<T extends object>(name: string): T {
  // Object.create(null) has no properties, so every read lands in the trap below.
  const target: T = Object.create(null);
  return new Proxy(target, {
    get: (_target, prop) => {
      throw new Error(`${name}.${String(prop)} was used while building the OpenAPI document; route registration must not touch it.`);
    },
  });
}

/** Builds the app in memory and returns its OpenAPI document (the /openapi.json body). */
export async function buildOpenApiDocument(opts: { stripPrefix?: boolean } = {}): Promise<OpenAPIV3_1.Document> {
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const ctx: AppContext = {
    config,
    database: unavailable('database'),
    db: unavailable('db'),
    jobs: unavailable('jobs'),
    log: createLogger('silent'),
    ...domainServices,
  };
  const app = await buildApp(ctx, allRoutes);
  try {
    await app.ready();
    const doc = structuredClone(app.swagger()) as OpenAPIV3_1.Document;
    if (opts.stripPrefix && doc.paths) {
      doc.paths = Object.fromEntries(
        Object.entries(doc.paths)
          .filter(([path]) => path.startsWith(`${API_PREFIX}/`))
          .map(([path, item]) => [path.slice(API_PREFIX.length), item]),
      );
    }
    return doc;
  } finally {
    await app.close();
  }
}

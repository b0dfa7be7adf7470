import type { BenchContext, BenchRow } from './bench.js';
import { LOAD, measureGet, startTarget, type LoadResult } from './lib/load.js';

/**
 * Request overhead of the HTTP stack: a bare Fastify 5 server answering {status:'ok'} (the
 * baseline), Kunde's GET /healthz (helmet, rate limit, request ids, one `select 1`), and an
 * authenticated GET /api/v1/me (API key check — looked up once, then cached for a few seconds —,
 * permission check, one workspace query, zod serialisation). Each server runs in its own process on 127.0.0.1; autocannon drives it with
 * BENCH_HTTP_CONNECTIONS (10) connections for BENCH_HTTP_SECONDS (5 s) after a warm-up.
 */
export const name = 'http';

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const row = (metric: string, r: LoadResult, baseline?: number, note?: string): void => {
    if (r.failures > 0) throw new Error(`${metric}: ${r.failures} failed requests; the measurement is not valid`);
    rows.push({
      bench: name,
      engine: ctx.engine,
      metric,
      value: Math.round(r.requestsPerSecond),
      unit: 'req/s',
      baseline: baseline === undefined ? undefined : Math.round(baseline),
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      note,
    });
  };
  const how = `${LOAD.connections} connections, ${LOAD.seconds} s`;

  const fastify = await startTarget('fastify');
  let bare: LoadResult;
  try {
    bare = await measureGet(fastify.url);
    row('bare Fastify 5, GET / → {status:"ok"} (baseline)', bare, undefined, how);
  } finally {
    await fastify.stop();
  }

  const kunde = await startTarget('kunde');
  try {
    row('Kunde GET /healthz', await measureGet(`${kunde.url}/healthz`), bare.requestsPerSecond, how);
    row('Kunde GET /api/v1/me with an API key', await measureGet(`${kunde.url}/api/v1/me`, { authorization: `Bearer ${kunde.key}` }),
      bare.requestsPerSecond, how);
  } finally {
    await kunde.stop();
  }
  return rows;
}

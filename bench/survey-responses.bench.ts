import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchContext, BenchRow } from './bench.js';
import { LOAD, type LoadResult } from './lib/load.js';

/**
 * Survey response submits over HTTP: POST /api/v1/public/surveys/{slug}/responses with an NPS score
 * and a comment, each under its own Idempotency-Key (claimed and answered in the response's own
 * transaction), against a bare Fastify server that parses the same JSON and runs one INSERT on the
 * same engine — measured in the same run, each server in its own process.
 */
export const name = 'survey-responses';

const TARGET = fileURLToPath(new URL('./lib/survey-target.ts', import.meta.url));

async function start(kind: 'baseline' | 'kunde') {
  const child = spawn(process.execPath, ['--import', 'tsx', TARGET, kind], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const exited = once(child, 'exit');
  const [line] = await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited.then(() => { throw new Error(`${kind} target exited`); })]);
  const target = JSON.parse(String(line)) as { url: string; path: string };
  return { ...target, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function measurePost(url: string): Promise<LoadResult> {
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: LOAD.connections,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{
        setupRequest: (req) => {
          n++;
          return { ...req, headers: { ...req.headers, 'idempotency-key': `bench-${process.pid}-${n}` }, body: JSON.stringify({ answers: { q1: n % 11, q2: 'Fast delivery, friendly staff' }, language: 'da', finished: true }) };
        },
      }],
    });
  if (LOAD.warmupSeconds > 0) await run(LOAD.warmupSeconds);
  const r = await run(LOAD.seconds);
  return { requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, failures: r.non2xx + r.errors + r.timeouts };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const how = `${LOAD.connections} connections, ${LOAD.seconds} s`;
  const row = (metric: string, r: LoadResult, baseline?: number, target?: string): BenchRow => {
    if (r.failures > 0) throw new Error(`${metric}: ${r.failures} failed requests; the measurement is not valid`);
    return { bench: name, engine: ctx.engine, metric, value: Math.round(r.requestsPerSecond), unit: 'req/s', baseline: baseline && Math.round(baseline), p50Ms: r.p50Ms, p99Ms: r.p99Ms, target, note: how };
  };
  const base = await start('baseline');
  let bare: LoadResult;
  try {
    bare = await measurePost(`${base.url}${base.path}`);
  } finally {
    await base.stop();
  }
  const kunde = await start('kunde');
  try {
    const submits = await measurePost(`${kunde.url}${kunde.path}`);
    return [
      row('bare Fastify + one INSERT of the JSON body (baseline)', bare),
      row('POST public survey response (validated, Idempotency-Key, committed)', submits, bare.requestsPerSecond, '≥ 50 % of baseline, p99 < 25 ms on PostgreSQL'),
    ];
  } finally {
    await kunde.stop();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { HttpTarget } from './http-target.js';

const TARGET_SCRIPT = fileURLToPath(new URL('./http-target.ts', import.meta.url));

export interface RunningTarget extends HttpTarget {
  stop(): Promise<void>;
}

/** Starts bench/lib/http-target.ts in a child process and waits until it listens. */
export async function startTarget(kind: 'fastify' | 'kunde'): Promise<RunningTarget> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', TARGET_SCRIPT, kind], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit');
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(([code, signal]) => {
      throw new Error(`the ${kind} target exited (${code ?? signal}) before listening:\n${stderr}`);
    }),
  ]);
  const target = JSON.parse(first) as HttpTarget;
  return {
    ...target,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx, errors and timeouts: a benchmark with any of these is not valid. */
  failures: number;
}

export const LOAD = {
  seconds: Number(process.env.BENCH_HTTP_SECONDS ?? 5),
  warmupSeconds: Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 1),
  connections: Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10),
};

/** Drives GET requests at `url` with autocannon: a warm-up run that is thrown away, then the measured run. */
export async function measureGet(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const options = { url, headers, connections: LOAD.connections };
  if (LOAD.warmupSeconds > 0) await autocannon({ ...options, duration: LOAD.warmupSeconds });
  const r = await autocannon({ ...options, duration: LOAD.seconds });
  return {
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

import { pathToFileURL } from 'node:url';

/**
 * The contract every bench/*.bench.ts file follows (see bench/README.md): export `name` and
 * `run(ctx)`, which measures and returns rows; bench/run.ts prints all rows as one table.
 */
export interface BenchRow {
  /** The bench file's `name`. */
  bench: string;
  /** 'pglite' or 'postgres'. */
  engine: string;
  /** What was measured, in words a reader of docs/scaling.md understands. */
  metric: string;
  value: number;
  /** 'req/s', 'rows/s', 'events/s', 'ms', 's', … */
  unit: string;
  /** The same quantity measured by a reference in the same run; the table shows value ÷ baseline. */
  baseline?: number;
  /** Latency percentiles, for request benchmarks. */
  p50Ms?: number;
  p99Ms?: number;
  /** The goal this number is held against, e.g. '≥ 50 % of COPY'. */
  target?: string;
  note?: string;
}

export interface BenchContext {
  engine: 'pglite' | 'postgres';
  /** The server URL from DATABASE_URL; benches create and drop their own database on it. */
  databaseUrl?: string;
}

export interface BenchModule {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** The engine and server the environment names: PostgreSQL when DATABASE_URL is set, else PGlite. */
export const contextFromEnv = (): BenchContext => ({
  engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  databaseUrl: process.env.DATABASE_URL,
});

/**
 * Lets a bench file also run on its own (`node --import tsx bench/<name>.bench.ts`): when the file
 * is the entry module, runs it and prints its rows. Call it as `runIfMain(import.meta.url, run)`.
 */
export function runIfMain(moduleUrl: string, run: (ctx: BenchContext) => Promise<BenchRow[]>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  run(contextFromEnv()).then(
    (rows) => console.table(rows),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

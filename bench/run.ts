import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contextFromEnv, type BenchContext, type BenchModule, type BenchRow } from './bench.js';

/*
 * `npm run bench [-- <filter> …]`: runs every bench/*.bench.ts (or those whose name contains a
 * filter) one after another, prints one table and writes bench/results/latest.json.
 * PGlite by default; PostgreSQL when DATABASE_URL is set. See bench/README.md.
 */

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const ctx: BenchContext = contextFromEnv();

const files = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}; there are: ${readdirSync(BENCH_DIR).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(1);
}

const rows: BenchRow[] = [];
const failures: { bench: string; error: string }[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(`${BENCH_DIR}${file}`).href)) as BenchModule;
  const t0 = performance.now();
  process.stderr.write(`▶ ${mod.name} on ${ctx.engine} …\n`);
  try {
    rows.push(...(await mod.run(ctx)));
    process.stderr.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ bench: mod.name, error });
    process.stderr.write(`  FAILED: ${error}\n`);
  }
}

/** Large numbers whole, small ones with three significant digits (0.042 s, 1.25 ms). */
const number = (v: number | undefined) => {
  if (v === undefined) return '';
  const digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
};
// Two significant digits below 0.1: a rollup 700× faster than its baseline reads 0.0014×, not 0.00×.
const ratio = (r: BenchRow) => {
  if (!r.baseline) return '';
  const x = r.value / r.baseline;
  return `${x < 0.1 ? x.toPrecision(2) : x.toFixed(2)}×`;
};
const table = [
  ['benchmark', 'metric', 'value', 'unit', 'p50 ms', 'p99 ms', '÷ baseline', 'target', 'note'],
  ...rows.map((r) => [r.bench, r.metric, number(r.value), r.unit, number(r.p50Ms), number(r.p99Ms), ratio(r), r.target ?? '', r.note ?? '']),
];
const widths = table[0].map((_, c) => Math.max(...table.map((line) => line[c].length)));
const numeric = new Set([2, 4, 5, 6]);
const format = (line: string[]) =>
  `| ${line.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
const machine = {
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
console.log(`\nKunde benchmarks on ${ctx.engine} — ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}\n`);
console.log(format(table[0]));
console.log(`|${widths.map((w, c) => (numeric.has(c) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const line of table.slice(1)) console.log(format(line));
for (const f of failures) console.log(`\n${f.bench} FAILED: ${f.error.split('\n')[0]}`);

mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(
  `${RESULTS_DIR}latest.json`,
  `${JSON.stringify({ date: new Date().toISOString(), engine: ctx.engine, machine, filters, rows, failures }, null, 2)}\n`,
);
console.log(`\nWritten to bench/results/latest.json`);
// Benchmarks may leave pools or timers behind; the run is over.
process.exit(failures.length > 0 ? 1 : 0);

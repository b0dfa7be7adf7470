import { AppError } from '../platform/errors.js';
import { ConfigError } from '../platform/config.js';

export interface OutputOptions {
  json?: boolean;
}

/** Prints a result: JSON for machines (--json), a readable form for people. */
export function emit(opts: OutputOptions, value: unknown, human: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(value) + '\n');
  else process.stdout.write(human() + '\n');
}

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** Turns known failures into one clear line and an exit code; unknown ones keep their stack. */
export function exitWithError(err: unknown, opts: OutputOptions = {}): never {
  const known = err instanceof AppError || err instanceof ConfigError;
  const message = err instanceof Error ? err.message : String(err);
  if (opts.json) process.stdout.write(JSON.stringify({ error: message, code: err instanceof AppError ? err.code : 'error' }) + '\n');
  process.stderr.write(`kunde: ${known ? message : err instanceof Error ? (err.stack ?? message) : message}\n`);
  process.exit(err instanceof AppError && err.code === 'locked' ? 3 : known ? 2 : 1);
}

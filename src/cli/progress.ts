import cliProgress from 'cli-progress';
import type { BackupProgress } from '../platform/backup/format.js';

export type ProgressBar = BackupProgress & { stop(): void };

/**
 * A rows-based progress bar on stderr, so stdout stays clean for --json and pipes. It only draws
 * on a terminal: in CI logs and redirects a redrawn bar is noise.
 */
export function progressBar(enabled: boolean, verb: string): ProgressBar {
  if (!enabled || !process.stderr.isTTY) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${verb} {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | {table}`,
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = performance.now();
  let done = 0;
  let started = false;
  return {
    total(rows) {
      bar.start(rows, 0, { table: '', rate: 0 });
      started = true;
    },
    table(name) {
      bar.update({ table: name });
    },
    rows(count) {
      done += count;
      bar.update(done, { rate: Math.round(done / Math.max((performance.now() - startedAt) / 1000, 0.001)) });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Progress as the import pipelines report it: rows done so far and, when known, the file's estimate. */
export interface RowsProgress {
  processed: number;
  totalRows?: number | null;
}

/**
 * A bar for the row imports (customers, responses, conversations): the total is an estimate from the
 * file size that grows when the file turns out longer, and the rate is rows per second since the start.
 */
export function rowsProgressBar(enabled: boolean, verb: string): { update(p: RowsProgress): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${verb} {bar} {percentage}% | {value}/{total} rows | {rate} rows/s`, hideCursor: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  let started = false;
  return {
    update(p) {
      const total = Math.max(p.totalRows ?? p.processed, p.processed);
      if (!started) bar.start(total, 0, { rate: 0 });
      started = true;
      bar.setTotal(total);
      bar.update(p.processed, { rate: Math.round(p.processed / Math.max((performance.now() - t0) / 1000, 0.001)) });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

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

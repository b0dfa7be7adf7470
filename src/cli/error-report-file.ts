import { createWriteStream, existsSync, unlinkSync, type WriteStream } from 'node:fs';
import { errorReportHeader, errorReportLines } from '../imports/error-report.js';
import type { RowError } from '../imports/pipeline.js';

/** The CSV of rejected rows a CLI import writes beside its file. */
export interface ErrorReportFile {
  /** The file's column names, for the report's header (known once the plan is read). */
  setHeaders(headers: string[]): void;
  write(errors: RowError[]): Promise<void>;
  close(): Promise<void>;
  /** The report's path when any row was rejected, else null (a clean run leaves no file). */
  readonly path: string | null;
}

/**
 * Opens lazily: an earlier report at `path` is removed at once, a new one is created with the first
 * rejected row, and writes wait for the stream to drain so a million bad rows never pile up in memory.
 */
export function errorReportFile(path: string): ErrorReportFile {
  if (existsSync(path)) unlinkSync(path);
  let headers: string[] = [];
  let report: WriteStream | undefined;
  return {
    setHeaders(h) {
      headers = h;
    },
    async write(errors) {
      if (errors.length === 0) return;
      if (!report) {
        report = createWriteStream(path);
        report.write(errorReportHeader(headers));
      }
      const out = report;
      if (!out.write(errorReportLines(errors))) await new Promise<void>((r) => out.once('drain', () => r()));
    },
    async close() {
      const out = report;
      if (out) await new Promise<void>((done) => out.end(done));
    },
    get path() {
      return report ? path : null;
    },
  };
}

/** The default report path: "<file>.errors.csv" beside the imported file. */
export const defaultErrorsFile = (file: string) => `${file.replace(/\.(csv|tsv|txt)$/i, '')}.errors.csv`;

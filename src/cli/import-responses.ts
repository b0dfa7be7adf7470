import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync, type WriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { errorReportHeader, errorReportLines } from '../imports/error-report.js';
import type { Delimiter } from '../imports/csv-reader.js';
import type { RowError } from '../imports/pipeline.js';
import { importResponses, type ResponseImportProgress, type ResponseImportSummary } from '../surveys/import/response-import.js';
import { withRuntime } from './runtime.js';
import { emit, exitWithError } from './output.js';
import { cliActor, resolveWorkspace } from './options.js';

export interface ResponseImportCliOptions {
  survey?: string;
  mapping: Record<string, string>;
  workspace?: string;
  errors?: string;
  delimiter?: Delimiter;
  progress: boolean;
  json?: boolean;
}

function bar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_p: ResponseImportProgress) => {}, stop: () => {} };
  const b = new cliProgress.SingleBar({ stream: process.stderr, format: 'Importing responses {bar} {percentage}% | {value}/{total} rows', hideCursor: true, fps: 5 }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(p: ResponseImportProgress) {
      const total = Math.max(p.totalRows ?? p.processed, p.processed);
      if (!started) b.start(total, 0);
      started = true;
      b.setTotal(total);
      b.update(p.processed);
    },
    stop: () => started && b.stop(),
  };
}

/**
 * `kunde import responses --survey ID FILE`: historical answers into a survey, straight against the
 * database like the customer import, with the same progress bar and error report beside the file.
 */
export async function runResponseImportCli(file: string, opts: ResponseImportCliOptions): Promise<void> {
  try {
    if (!opts.survey || !isUuid(opts.survey)) throw new AppError('validation_failed', '--survey <id> is required: the survey the answers belong to (a UUID).');
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No file ${file}.`);
  } catch (err) {
    return exitWithError(err, opts);
  }
  const path = resolve(file);
  const errorsPath = resolve(opts.errors ?? `${path.replace(/\.(csv|tsv|txt)$/i, '')}.errors.csv`);
  await withRuntime('import', opts, async (rt) => {
    const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
    if (existsSync(errorsPath)) unlinkSync(errorsPath);
    const progress = bar(opts.progress && !opts.json);
    let headers: string[] = [];
    let report: WriteStream | undefined;
    const write = async (errors: RowError[]) => {
      if (errors.length === 0) return;
      if (!report) {
        report = createWriteStream(errorsPath);
        report.write(errorReportHeader(headers));
      }
      if (!report.write(errorReportLines(errors))) await new Promise<void>((r) => report!.once('drain', () => r()));
    };
    let result: ResponseImportSummary;
    try {
      result = await importResponses(rt.ctx, { ...cliActor(workspace.id), label: 'cli import' }, opts.survey!, createReadStream(path, { highWaterMark: 1024 * 1024 }), {
        mapping: opts.mapping,
        delimiter: opts.delimiter,
        sizeBytes: statSync(path).size,
        via: 'cli',
        onPlan: (plan) => {
          headers = plan.headers;
        },
        onBatch: async (p, errors) => {
          await write(errors);
          progress.update(p);
        },
      });
    } finally {
      progress.stop();
      const r = report as WriteStream | undefined;
      if (r) await new Promise<void>((done) => r.end(done));
    }
    const errorsFile = report ? errorsPath : null;
    emit(opts, { ...result, file: path, errorsFile, workspaceId: workspace.id }, () =>
      [
        `Imported ${result.imported} responses from ${basename(path)} (${result.processed} rows, ${(result.durationMs / 1000).toFixed(1)} s):`,
        `  ${result.duplicates} already imported, ${result.rejected} rows without an answer, ${result.invalidValues} invalid values left empty`,
        errorsFile ? `Problems, row by row: ${errorsFile}` : 'No problems.',
      ].join('\n'),
    );
  });
}

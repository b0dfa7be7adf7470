import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { defaultErrorsFile, errorReportFile } from './error-report-file.js';
import { rowsProgressBar } from './progress.js';
import type { Delimiter } from '../imports/csv-reader.js';
import { importResponses, type ResponseImportSummary } from '../surveys/import/response-import.js';
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
  await withRuntime('import', opts, async (rt) => {
    const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
    const progress = rowsProgressBar(opts.progress && !opts.json, 'Importing responses');
    const report = errorReportFile(resolve(opts.errors ?? defaultErrorsFile(path)));
    let result: ResponseImportSummary;
    try {
      result = await importResponses(rt.ctx, { ...cliActor(workspace.id), label: 'cli import' }, opts.survey!, createReadStream(path, { highWaterMark: 1024 * 1024 }), {
        mapping: opts.mapping,
        delimiter: opts.delimiter,
        sizeBytes: statSync(path).size,
        via: 'cli',
        onPlan: (plan) => report.setHeaders(plan.headers),
        onBatch: async (p, errors) => {
          await report.write(errors);
          progress.update(p);
        },
      });
    } finally {
      progress.stop();
      await report.close();
    }
    const errorsFile = report.path;
    emit(opts, { ...result, file: path, errorsFile, workspaceId: workspace.id }, () =>
      [
        `Imported ${result.imported} responses from ${basename(path)} (${result.processed} rows, ${(result.durationMs / 1000).toFixed(1)} s):`,
        `  ${result.duplicates} already imported, ${result.rejected} rows without an answer, ${result.invalidValues} invalid values left empty`,
        errorsFile ? `Problems, row by row: ${errorsFile}` : 'No problems.',
      ].join('\n'),
    );
  });
}

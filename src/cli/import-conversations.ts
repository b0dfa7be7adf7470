import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { defaultErrorsFile, errorReportFile } from './error-report-file.js';
import { rowsProgressBar } from './progress.js';
import type { Delimiter } from '../imports/csv-reader.js';
import { findInbox, findInboxAnyWorkspace } from '../inbox/inbox.queries.js';
import { importConversationFile, type ConversationImportSummary } from '../inbox/import-file.js';
import { routingSettled } from '../inbox/routing/route-pending.js';
import { withRuntime } from './runtime.js';
import { emit, exitWithError } from './output.js';
import { cliActor } from './options.js';

export interface ConversationImportCliOptions {
  inbox?: string;
  mapping: Record<string, string>;
  workspace?: string;
  errors?: string;
  delimiter?: Delimiter;
  progress: boolean;
  json?: boolean;
}

const n = (v: number) => v.toLocaleString('en');

/**
 * `kunde import conversations FILE --inbox ID --map col=field …`: a message export (support tweets,
 * reviews) into an inbox, threaded by reply ids, with a progress bar and an error report beside the file.
 * The workspace is the inbox's.
 */
export async function runConversationImportCli(file: string, opts: ConversationImportCliOptions): Promise<void> {
  try {
    if (!opts.inbox || !isUuid(opts.inbox)) throw new AppError('validation_failed', '--inbox <id> is required: the inbox the messages go to (a UUID; create one with POST /api/v1/inboxes).');
    if (opts.workspace !== undefined && !isUuid(opts.workspace)) throw new AppError('validation_failed', '--workspace must be a workspace id (a UUID).');
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No file ${file}.`);
  } catch (err) {
    return exitWithError(err, opts);
  }
  const path = resolve(file);
  await withRuntime('import', opts, async (rt) => {
    const inbox = opts.workspace ? await findInbox(rt.ctx.db, opts.workspace, opts.inbox!) : await findInboxAnyWorkspace(rt.ctx.db, opts.inbox!);
    if (!inbox) throw new AppError('not_found', `No inbox ${opts.inbox}.`);
    const progress = rowsProgressBar(opts.progress && !opts.json, 'Importing messages');
    const report = errorReportFile(resolve(opts.errors ?? defaultErrorsFile(path)));
    const actor = { ...cliActor(inbox.workspaceId), label: 'cli import' };
    let result: ConversationImportSummary;
    try {
      result = await importConversationFile(rt.ctx, actor, inbox, path, {
        mapping: opts.mapping,
        delimiter: opts.delimiter,
        onHeader: (h) => report.setHeaders(h),
        onBatch: async (p, errors) => {
          await report.write(errors);
          progress.update(p);
        },
      });
    } finally {
      progress.stop();
      await report.close();
    }
    await routingSettled(rt.ctx, inbox.workspaceId);
    await rt.ctx.audit(rt.ctx.db, actor, {
      action: 'inbox.import.completed',
      targetType: 'inbox',
      targetId: inbox.id,
      details: { file: basename(path), rows: result.processed, imported: result.imported, duplicates: result.duplicates, rejected: result.rejected, via: 'cli' },
    });
    emit(opts, { ...result, inboxId: inbox.id, workspaceId: inbox.workspaceId, errorsFile: report.path }, () =>
      [
        `Imported ${n(result.processed)} rows of ${basename(path)} in ${(result.durationMs / 1000).toFixed(1)} s (${n(result.rowsPerSecond)} rows/s):`,
        `  ${n(result.imported)} messages stored in ${n(result.conversations)} conversations, ${n(result.duplicates)} already there, ${n(result.rejected)} rejected`,
        report.path ? `Rejected rows and why: ${report.path}` : 'No rows were rejected.',
      ].join('\n'),
    );
  });
}

import { createWriteStream, existsSync, statSync, unlinkSync, type WriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { errorReportHeader, errorReportLines } from '../imports/error-report.js';
import type { Delimiter } from '../imports/csv-reader.js';
import type { RowError } from '../imports/pipeline.js';
import { findInbox, findInboxAnyWorkspace } from '../inbox/inbox.queries.js';
import { importConversationFile, type ConversationImportProgress, type ConversationImportSummary } from '../inbox/import-file.js';
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

function bar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_p: ConversationImportProgress) => {}, stop: () => {} };
  const b = new cliProgress.SingleBar({ stream: process.stderr, format: 'Importing messages {bar} {percentage}% | {value}/{total} rows', hideCursor: true, fps: 5 }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(p: ConversationImportProgress) {
      if (!started) b.start(p.totalRows, 0);
      started = true;
      b.update(p.processed);
    },
    stop: () => started && b.stop(),
  };
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
  const errorsPath = resolve(opts.errors ?? `${path.replace(/\.(csv|tsv|txt)$/i, '')}.errors.csv`);
  await withRuntime('import', opts, async (rt) => {
    const inbox = opts.workspace ? await findInbox(rt.ctx.db, opts.workspace, opts.inbox!) : await findInboxAnyWorkspace(rt.ctx.db, opts.inbox!);
    if (!inbox) throw new AppError('not_found', `No inbox ${opts.inbox}.`);
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
    const actor = { ...cliActor(inbox.workspaceId), label: 'cli import' };
    let result: ConversationImportSummary;
    try {
      result = await importConversationFile(rt.ctx, actor, inbox, path, {
        mapping: opts.mapping,
        delimiter: opts.delimiter,
        onHeader: (h) => {
          headers = h;
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
    await rt.ctx.audit(rt.ctx.db, actor, {
      action: 'inbox.import.completed',
      targetType: 'inbox',
      targetId: inbox.id,
      details: { file: basename(path), rows: result.processed, imported: result.imported, duplicates: result.duplicates, rejected: result.rejected, via: 'cli' },
    });
    emit(opts, { ...result, inboxId: inbox.id, workspaceId: inbox.workspaceId, errorsFile: report ? errorsPath : null }, () =>
      [
        `Imported ${n(result.processed)} rows of ${basename(path)} in ${(result.durationMs / 1000).toFixed(1)} s (${n(result.rowsPerSecond)} rows/s):`,
        `  ${n(result.imported)} messages stored in ${n(result.conversations)} conversations, ${n(result.duplicates)} already there, ${n(result.rejected)} rejected`,
        report ? `Rejected rows and why: ${errorsPath}` : 'No rows were rejected.',
      ].join('\n'),
    );
  });
}

import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Actor, AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { IMPORT_KINDS, type ImportKind } from '../imports/field-catalog.js';
import { runImport, type ImportProgress, type ImportSummary } from '../imports/pipeline.js';
import { defaultErrorsFile, errorReportFile } from './error-report-file.js';
import { rowsProgressBar } from './progress.js';
import { DELIMITERS, type Delimiter } from '../imports/csv-reader.js';
import { withRuntime } from './runtime.js';
import { emit, exitWithError } from './output.js';
import { cliActor, JSON_HELP, resolveWorkspace, WORKSPACE_HELP } from './options.js';
import { runTextExamplesImport } from './text-examples.js';
import { runResponseImportCli } from './import-responses.js';
import { runConversationImportCli } from './import-conversations.js';

export interface ImportFileOptions {
  kind: ImportKind;
  file: string;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
  /** Where rejected rows go; default "<file>.errors.csv" beside the file. */
  errorsFile?: string;
  delimiter?: Delimiter;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportFileResult extends ImportSummary {
  file: string;
  /** Written only when rows were rejected. */
  errorsFile: string | null;
}

/**
 * Imports a CSV file from disk straight through the pipeline (no upload table): the same mapping,
 * validation, batching and idempotency as a dashboard import. Rejected rows go to an error report
 * next to the file (or --errors); an earlier report there is replaced, so a clean run leaves none.
 */
export async function importCsvFile(ctx: AppContext, actor: Actor, opts: ImportFileOptions): Promise<ImportFileResult> {
  const file = resolve(opts.file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No file ${opts.file}.`);
  const report = errorReportFile(resolve(opts.errorsFile ?? defaultErrorsFile(file)));
  try {
    const summary = await runImport(ctx, actor, createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      kind: opts.kind,
      mapping: opts.mapping,
      defaults: opts.defaults,
      delimiter: opts.delimiter,
      batchSize: opts.batchSize,
      sizeBytes: statSync(file).size,
      onPlan: (plan) => report.setHeaders(plan.headers),
      onBatch: async (p, errors) => {
        await report.write(errors);
        opts.onProgress?.(p);
      },
    });
    await recordAudit(ctx.db, actor, {
      action: 'customers.import.completed',
      targetType: 'import',
      details: { kind: opts.kind, file: basename(file), rows: summary.processed, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected, via: 'cli' },
    });
    return { ...summary, file, errorsFile: report.path };
  } finally {
    await report.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** "customerID=externalId" pairs; the last "=" splits, since fields never contain one but headers might. */
function pairs(list: string[], flag: string, splitAtLast: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const at = splitAtLast ? item.lastIndexOf('=') : item.indexOf('=');
    if (at <= 0) throw new AppError('validation_failed', `${flag} ${item}: write it as ${flag === '--map' ? 'column=field, e.g. --map customerID=externalId' : 'field=value, e.g. --set type=purchase'}.`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

const DELIMITER_NAMES: Record<string, Delimiter> = { ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', tab: '\t', '\\t': '\t' };

const n = (v: number) => v.toLocaleString('en');

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import customers or events from a CSV file (upsert: importing the same file again changes nothing)')
    .argument('<kind>', `what the rows are: ${IMPORT_KINDS.join(', ')} or text-examples (labelled texts: --map review=text --map label=sentiment, or rating with --scale nps|csat), or responses (historical survey answers, with --survey), or conversations (a message export into an inbox, with --inbox: --map tweet_id=messageId --map author_id=author --map inbound=inbound --map created_at=sentAt --map text=text --map in_response_to_tweet_id=inReplyTo)`)
    .argument('<file>', 'CSV file, UTF-8, separated by comma, semicolon or tab (detected)')
    .option('--map <column=field>', 'send a column to a field (repeatable): externalId, email, phone, name, …, attributes.<key>[:type], properties.<key>, ignore', collect, [])
    .option('--set <field=value>', 'a value for every row where the file has none (repeatable), e.g. --set type=purchase', collect, [])
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--survey <id>', 'responses only: the survey the answers belong to')
    .option('--inbox <id>', 'conversations only: the inbox the messages go to')
    .option('--errors <file>', 'where to write the rejected rows (default: <file>.errors.csv beside the file)')
    .option('--delimiter <char>', 'comma, semicolon or tab (default: detected from the first lines)')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--scale <nps|csat>', 'text-examples: how a column mapped to rating reads')
    .option('--positive <values>', 'text-examples: comma-separated label values meaning positive (default positive,pos,1)')
    .option('--negative <values>', 'text-examples: label values meaning negative (default negative,neg,0,-1)')
    .option('--neutral <values>', 'text-examples: label values meaning neutral (default neutral,neu)')
    .option('--json', JSON_HELP)
    .addHelpText('after', '\nExamples:\n  kunde import customers telco.csv --map customerID=externalId\n  kunde import events orders.csv --map order_ref=properties.orderId --set type=purchase --set currency=DKK\n  kunde import text-examples reviews.csv --map Görüş=text --map Durum=sentiment --positive Olumlu --negative Olumsuz --neutral Tarafsız --set language=tr\n  kunde import responses --survey <id> nps.csv --map nps=q1 --map explication=q2 --map date=submittedAt')
    .action(async (kind: string, file: string, opts: { map: string[]; set: string[]; workspace?: string; survey?: string; inbox?: string; errors?: string; delimiter?: string; progress: boolean; json?: boolean; scale?: string; positive?: string; negative?: string; neutral?: string }) => {
      if (kind === 'text-examples') return runTextExamplesImport(file, opts);
      // Historical survey answers (src/surveys/import) and the messages of a support export (src/inbox):
      // mapped to questions or message fields, not to profile fields.
      if (kind === 'responses' || kind === 'conversations') {
        let mapping: Record<string, string>;
        const delimiter = opts.delimiter === undefined ? undefined : DELIMITER_NAMES[opts.delimiter];
        try {
          mapping = pairs(opts.map, '--map', true);
        } catch (err) {
          return exitWithError(err, opts);
        }
        return kind === 'responses' ? runResponseImportCli(file, { ...opts, mapping, delimiter }) : runConversationImportCli(file, { ...opts, mapping, delimiter });
      }
      // Mistakes in the command line are reported before the database is opened.
      let input: ImportFileOptions;
      try {
        if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new AppError('validation_failed', `What to import must be ${IMPORT_KINDS.join(' or ')}, not "${kind}".`);
        const delimiter = opts.delimiter === undefined ? undefined : DELIMITER_NAMES[opts.delimiter];
        if (opts.delimiter !== undefined && !delimiter) throw new AppError('validation_failed', `--delimiter must be one of comma, semicolon, tab (${DELIMITERS.map((d) => JSON.stringify(d)).join(', ')}).`);
        if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No file ${file}.`);
        input = { kind: kind as ImportKind, file, mapping: pairs(opts.map, '--map', true), defaults: pairs(opts.set, '--set', false), errorsFile: opts.errors, delimiter };
      } catch (err) {
        return exitWithError(err, opts);
      }
      await withRuntime('import', opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const bar = rowsProgressBar(opts.progress && !opts.json, 'Importing');
        let result: ImportFileResult;
        try {
          result = await importCsvFile(rt.ctx, { ...cliActor(workspace.id), label: 'cli import' }, { ...input, onProgress: (p) => bar.update(p) });
        } finally {
          bar.stop();
        }
        const { plan: _plan, ...summary } = result;
        emit(opts, { ...summary, workspaceId: workspace.id, columns: result.plan.columns.map((c) => ({ column: c.column, field: c.field, type: c.type })) }, () =>
          [
            `Imported ${n(result.processed)} rows of ${basename(result.file)} as ${kind} in ${(result.durationMs / 1000).toFixed(1)} s (${n(result.rowsPerSecond)} rows/s):`,
            `  ${n(result.created)} created, ${n(result.updated)} updated, ${n(result.unchanged)} unchanged, ${n(result.rejected)} rejected`,
            result.errorsFile ? `Rejected rows and why: ${result.errorsFile}` : 'No rows were rejected.',
          ].join('\n'),
        );
      });
    });
}

import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../platform/errors.js';
import { importTextExamples, type ExampleImportOptions } from '../text/import-examples.js';
import { withRuntime } from './runtime.js';
import { emit, exitWithError } from './output.js';
import { cliActor, resolveWorkspace } from './options.js';

export interface TextExampleCliOptions {
  map: string[];
  set: string[];
  scale?: string;
  positive?: string;
  negative?: string;
  neutral?: string;
  workspace?: string;
  json?: boolean;
}

const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

/** `kunde import text-examples FILE --map review=text --map label=sentiment [--set language=tr]`. */
export async function runTextExamplesImport(file: string, opts: TextExampleCliOptions): Promise<void> {
  let input: ExampleImportOptions;
  try {
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No file ${file}.`);
    const mapping: Record<string, string> = {};
    for (const m of opts.map) {
      const at = m.lastIndexOf('=');
      if (at <= 0) throw new AppError('validation_failed', `--map ${m}: write it as column=field, e.g. --map review=text.`);
      mapping[m.slice(0, at)] = m.slice(at + 1);
    }
    const language = opts.set.find((s) => s.startsWith('language='))?.slice('language='.length);
    if (opts.scale !== undefined && opts.scale !== 'nps' && opts.scale !== 'csat') throw new AppError('validation_failed', '--scale must be nps or csat.');
    const labels = { positive: list(opts.positive), negative: list(opts.negative), neutral: list(opts.neutral) };
    input = { mapping, language, scale: opts.scale as 'nps' | 'csat' | undefined, labels: Object.fromEntries(Object.entries(labels).filter(([, v]) => v)) };
  } catch (err) {
    return exitWithError(err, opts);
  }
  await withRuntime('import text-examples', opts, async (rt) => {
    const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
    const r = await importTextExamples(rt.ctx, { ...cliActor(workspace.id), label: 'cli import' }, file, input);
    emit(opts, { ...r, workspaceId: workspace.id }, () =>
      [
        `Stored ${r.stored.toLocaleString('en')} labelled examples from ${basename(file)} (${r.skipped.toLocaleString('en')} of ${r.rows.toLocaleString('en')} rows skipped: no text or no clear label).`,
        `Languages: ${Object.entries(r.languages).map(([l, n]) => `${l} ${n}`).join(', ') || 'none'}. Train with POST /api/v1/text/models/train or the dashboard.`,
      ].join('\n'),
    );
  });
}

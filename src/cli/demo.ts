import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { withRuntime } from './runtime.js';
import { emit } from './output.js';
import { JSON_HELP, parseOptions, resolveWorkspace, WORKSPACE_HELP } from './options.js';
import { DEFAULT_DEMO_CUSTOMERS, DEFAULT_DEMO_SEED, generateDemo, MAX_DEMO_CUSTOMERS, type DemoProgress } from '../demo/generate-demo.js';

const ZDemoOptions = z.object({
  workspace: z.string().optional(),
  customers: z.coerce.number().int('must be a whole number').min(1).max(MAX_DEMO_CUSTOMERS).default(DEFAULT_DEMO_CUSTOMERS),
  seed: z.coerce.number().int('must be a whole number').default(DEFAULT_DEMO_SEED),
  json: z.boolean().optional(),
  progress: z.boolean().default(true),
});

const PHASES: Record<DemoProgress['phase'], string> = { customers: 'Customers', events: 'History', merges: 'Visitors', segments: 'Segments' };

/** One bar per phase on stderr, drawn only on a terminal so --json and logs stay clean. */
function demoProgressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_p: DemoProgress) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} {bar} {percentage}% | {value}/{total}', hideCursor: true, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update(p: DemoProgress) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: PHASES[p.phase].padEnd(9) });
      }
      bar.update(p.done);
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}

const n = (v: number) => v.toLocaleString('en');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Fill a workspace with realistic demo customers, their history, segments and personas (safe to run again)')
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--customers <n>', `how many customers (default ${DEFAULT_DEMO_CUSTOMERS})`)
    .option('--seed <n>', `random seed: the same seed makes the same data (default ${DEFAULT_DEMO_SEED})`)
    .option('--no-progress', 'no progress bar on stderr')
    .option('--json', JSON_HELP)
    .action(async (raw: Record<string, unknown>) => {
      await withRuntime('demo', { json: raw.json === true }, async (rt) => {
        const opts = parseOptions(ZDemoOptions, raw);
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const bar = demoProgressBar(opts.progress && !opts.json);
        let summary;
        try {
          summary = await generateDemo(rt.ctx, { workspaceId: workspace.id, customers: opts.customers, seed: opts.seed, onProgress: (p) => bar.update(p) });
        } finally {
          bar.stop();
        }
        emit(opts, summary, () => {
          const c = summary.customers;
          return [
            `Demo data for ${workspace.name} (seed ${summary.seed}) in ${(summary.durationMs / 1000).toFixed(1)} s:`,
            `  customers: ${n(c.created)} created, ${n(c.updated)} updated, ${n(c.unchanged)} unchanged; languages ${summary.languages.join(', ')}`,
            `  events:    ${n(summary.events.accepted)} stored, ${n(summary.events.duplicates)} already there; ${n(summary.linkedVisitors)} anonymous visitors identified (merged)`,
            `  segments:  ${summary.segments.created.length} created, ${summary.segments.existing.length} kept; personas: ${summary.personas.created.length} created, ${summary.personas.existing.length} kept`,
            summary.commentsFromDatasets.length
              ? `  survey comments from real data sets in: ${summary.commentsFromDatasets.join(', ')}`
              : '  survey comments: written examples (../shared/datasets not found)',
          ].join('\n');
        });
      });
    });
}

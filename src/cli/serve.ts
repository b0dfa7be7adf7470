import type { Command } from 'commander';
import { loadConfig } from '../platform/config.js';
import { closeOnSignals, startServer, openRuntime } from '../platform/runtime.js';
import { createLogger } from '../platform/log.js';
import { ensureBundle } from './web-build.js';
import { exitWithError } from './output.js';
import { ensureFirstRunWorkspace } from './first-run.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP server and the dashboard (and background jobs unless KUNDE_WORKER=false)')
    .action(async () => {
      try {
        const config = loadConfig();
        ensureBundle('web', (m) => console.log(m));
        ensureBundle('widget', (m) => console.log(m));
        const server = await startServer(config);
        closeOnSignals(server);
        const login = await ensureFirstRunWorkspace(server.ctx);
        console.log(`\nKunde is running at ${server.url}`);
        if (login) {
          console.log(`Demo workspace created. Log in with\n  e-mail:   ${login.email}\n  password: ${login.password}\n`);
        }
      } catch (err) {
        exitWithError(err);
      }
    });

  program
    .command('worker')
    .description('Run background jobs only (scale workers separately from the HTTP servers)')
    .action(async () => {
      try {
        const config = loadConfig();
        const rt = await openRuntime(config, { work: true, holder: 'kunde worker', logger: createLogger(config.LOG_LEVEL) });
        closeOnSignals(rt);
        rt.ctx.log.info('worker running');
      } catch (err) {
        exitWithError(err);
      }
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { withRuntime } = await import('./runtime.js');
      const { emit } = await import('./output.js');
      await withRuntime('migrate', opts, async (rt) => {
        emit(opts, { migrated: true, database: rt.database.kind }, () => `Database (${rt.database.kind}) is up to date.`);
      });
    });
}

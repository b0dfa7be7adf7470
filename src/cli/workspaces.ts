import type { Command } from 'commander';
import { listWorkspaces } from '../accounts/workspaces.service.js';
import { withRuntime } from './runtime.js';
import { emit, table } from './output.js';
import { JSON_HELP } from './options.js';

export function registerWorkspaces(program: Command): void {
  const group = program.command('workspaces').description('Inspect the workspaces of the installation (create one with "kunde setup")');

  group
    .command('list')
    .description('List every workspace with its id, settings and number of members')
    .option('--json', JSON_HELP)
    .action(async (opts: { json?: boolean }) => {
      await withRuntime('workspaces list', opts, async (rt) => {
        const workspaces = await listWorkspaces(rt.ctx.db);
        emit(opts, { data: workspaces }, () =>
          table(workspaces, ['id', 'name', 'timeZone', 'defaultLanguage', 'baseCurrency', 'members', 'createdAt']),
        );
      });
    });
}

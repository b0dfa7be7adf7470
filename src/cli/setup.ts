import type { Command } from 'commander';
import { z } from 'zod';
import { createWorkspaceWithOwner } from '../accounts/workspaces.service.js';
import { createApiKey } from '../accounts/api-keys.service.js';
import { systemActor } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { ZEmail, ZPassword } from '../accounts/accounts.schemas.js';
import { withRuntime } from './runtime.js';
import { emit } from './output.js';

const ZSetup = z.object({ workspace: z.string().trim().min(1).max(120), email: ZEmail, password: ZPassword });

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('Create a workspace with an owner login and an admin API key (run while the server is stopped)')
    .requiredOption('--workspace <name>', 'workspace name, e.g. "Acme"')
    .requiredOption('--email <email>', "owner's e-mail (the login)")
    .requiredOption('--password <password>', "owner's password (at least 12 characters)")
    .option('--json', 'print {"workspaceId","apiKey"} as JSON')
    .action(async (opts: { workspace: string; email: string; password: string; json?: boolean }) => {
      await withRuntime('setup', opts, async (rt) => {
        const parsed = ZSetup.safeParse(opts);
        if (!parsed.success) {
          throw new AppError('validation_failed', parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
        }
        const { workspaceId, userId } = await createWorkspaceWithOwner(rt.ctx.db, {
          workspaceName: parsed.data.workspace,
          email: parsed.data.email,
          password: parsed.data.password,
        });
        const key = await createApiKey(rt.ctx.db, { ...systemActor(workspaceId, 'kunde setup'), userId }, { name: 'setup', role: 'admin' });
        emit(opts, { workspaceId, apiKey: key.key, email: parsed.data.email }, () =>
          [
            `Workspace "${parsed.data.workspace}" created (${workspaceId}).`,
            `Owner login: ${parsed.data.email}`,
            `Admin API key (shown once): ${key.key}`,
          ].join('\n'),
        );
      });
    });
}

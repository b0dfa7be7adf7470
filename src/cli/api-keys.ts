import type { Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../accounts/api-keys.service.js';
import { ROLES } from '../accounts/accounts.tables.js';
import { ZNewApiKey } from '../accounts/accounts.schemas.js';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { withRuntime } from './runtime.js';
import { emit, table } from './output.js';
import { cliActor, JSON_HELP, parseOptions, resolveWorkspace, WORKSPACE_HELP } from './options.js';

interface Common {
  workspace?: string;
  json?: boolean;
}

const COLUMNS = ['id', 'name', 'prefix', 'role', 'createdAt', 'lastUsedAt', 'revokedAt'];

export function registerApiKeys(program: Command): void {
  const group = program
    .command('api-keys')
    .description('List, create and revoke API keys of a workspace (keys authenticate /api calls: "Authorization: Bearer …")');

  group
    .command('list')
    .description('List the API keys of a workspace (secrets are never shown again, only their prefix)')
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: Common) => {
      await withRuntime('api-keys list', opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const keys = await listApiKeys(rt.ctx.db, workspace.id);
        emit(opts, { workspaceId: workspace.id, data: keys }, () => `API keys of "${workspace.name}" (${workspace.id}):\n${table(keys, COLUMNS)}`);
      });
    });

  group
    .command('create')
    .description('Create an API key; its secret is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'what the key is for, e.g. "shop integration"')
    .option('--role <role>', `the key's role: ${ROLES.join(', ')}`, 'analyst')
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: Common & { name: string; role: string }) => {
      await withRuntime('api-keys create', opts, async (rt) => {
        const input = parseOptions(ZNewApiKey, { name: opts.name, role: opts.role });
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const key = await createApiKey(rt.ctx.db, cliActor(workspace.id), input);
        emit(opts, { workspaceId: workspace.id, ...key }, () =>
          [
            `API key "${key.name}" (${key.role}) created in "${workspace.name}".`,
            `Secret (shown once, store it now): ${key.key}`,
          ].join('\n'),
        );
      });
    });

  group
    .command('revoke')
    .description('Revoke an API key at once; requests with it are refused from then on')
    .argument('<key>', 'the key id, or its 8-character prefix as shown by "kunde api-keys list"')
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--json', JSON_HELP)
    .action(async (idOrPrefix: string, opts: Common) => {
      await withRuntime('api-keys revoke', opts, async (rt) => {
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const id = isUuid(idOrPrefix) ? idOrPrefix : await idFromPrefix(rt.ctx.db, workspace.id, idOrPrefix);
        const key = await revokeApiKey(rt.ctx.db, cliActor(workspace.id), id);
        emit(opts, { workspaceId: workspace.id, ...key }, () => `API key "${key.name}" (${key.prefix}) revoked.`);
      });
    });
}

async function idFromPrefix(db: Parameters<typeof listApiKeys>[0], workspaceId: string, prefix: string): Promise<string> {
  if (!/^(kunde_)?[A-Za-z0-9]{8}$/.test(prefix)) throw new AppError('validation_failed', `"${prefix}" is neither a key id nor an 8-character key prefix.`);
  const wanted = prefix.replace(/^kunde_/, '');
  const match = (await listApiKeys(db, workspaceId)).find((k) => k.prefix === wanted);
  if (!match) throw new AppError('not_found', `No API key with prefix ${wanted} in this workspace.`);
  return match.id;
}

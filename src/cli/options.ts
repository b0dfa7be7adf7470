import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { getWorkspace, listWorkspaces } from '../accounts/workspaces.service.js';
import { systemActor, type Actor } from '../platform/context.js';

/** The label CLI actions carry in the audit log. */
export const CLI_ACTOR = 'cli';

export const cliActor = (workspaceId: string): Actor => systemActor(workspaceId, CLI_ACTOR);

export const JSON_HELP = 'print one JSON document on stdout instead of a table';
export const WORKSPACE_HELP = 'workspace id (optional when the installation has exactly one workspace)';

/** Validates command options with a zod schema; problems name the flag, e.g. "--role must be one of …". */
export function parseOptions<S extends z.ZodType>(schema: S, opts: unknown): z.infer<S> {
  const parsed = schema.safeParse(opts);
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; '));
}

/**
 * The workspace a command acts on: the one given, or the only one there is. With several and none
 * given, the message lists them so the next attempt can name one.
 */
export async function resolveWorkspace(db: Db, given: string | undefined): Promise<{ id: string; name: string }> {
  if (given) {
    if (!isUuid(given)) throw new AppError('validation_failed', `--workspace must be a workspace id (a UUID), not "${given}".`);
    const w = await getWorkspace(db, given);
    return { id: w.id, name: w.name };
  }
  const all = await listWorkspaces(db);
  if (all.length === 1) return { id: all[0].id, name: all[0].name };
  if (all.length === 0) throw new AppError('not_found', 'This installation has no workspace yet; create one with "kunde setup".');
  const shown = all.slice(0, 10).map((w) => `  ${w.id}  ${w.name}`);
  throw new AppError(
    'bad_request',
    `This installation has ${all.length} workspaces; choose one with --workspace <id>:\n${shown.join('\n')}${all.length > 10 ? '\n  … (kunde workspaces list)' : ''}`,
  );
}

/** A password from --password or, safer (no shell history, no process list), from stdin. */
export function readPassword(opts: { password?: string; passwordStdin?: boolean }): string {
  if (opts.password !== undefined && opts.passwordStdin) throw new AppError('bad_request', 'Use either --password or --password-stdin, not both.');
  if (opts.password !== undefined) return opts.password;
  if (!opts.passwordStdin) throw new AppError('bad_request', 'Give the password with --password-stdin (or --password).');
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

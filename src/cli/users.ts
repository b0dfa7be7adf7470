import type { Command } from 'commander';
import { z } from 'zod';
import { ROLES } from '../accounts/accounts.tables.js';
import { ZEmail, ZPassword, ZRole } from '../accounts/accounts.schemas.js';
import { listMembers } from '../accounts/members.service.js';
import { addMember, createUser, listUsers, resetUserPassword } from '../accounts/users.service.js';
import { withRuntime } from './runtime.js';
import { emit, table } from './output.js';
import { CLI_ACTOR, cliActor, JSON_HELP, parseOptions, readPassword, resolveWorkspace, WORKSPACE_HELP } from './options.js';

interface Common {
  workspace?: string;
  json?: boolean;
}
interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
}

const ROLE_HELP = `role in the workspace: ${ROLES.join(', ')}`;
const PASSWORD_HELP = 'the password (at least 12 characters); prefer --password-stdin';
const PASSWORD_STDIN_HELP = 'read the password from stdin (keeps it out of shell history and the process list)';

export function registerUsers(program: Command): void {
  const group = program.command('users').description('Manage logins: list, create, reset passwords, add to workspaces');

  group
    .command('list')
    .description('List every login of the installation with its workspaces, or the members of one workspace')
    .option('--workspace <id>', 'only the members of this workspace, with their role')
    .option('--json', JSON_HELP)
    .action(async (opts: Common) => {
      await withRuntime('users list', opts, async (rt) => {
        if (opts.workspace) {
          const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
          const members = await listMembers(rt.ctx.db, workspace.id);
          emit(opts, { workspaceId: workspace.id, data: members }, () =>
            `Members of "${workspace.name}":\n${table(members, ['userId', 'email', 'name', 'role', 'createdAt'])}`,
          );
          return;
        }
        const users = await listUsers(rt.ctx.db);
        emit(opts, { data: users }, () =>
          table(
            users.map((u) => ({ ...u, workspaces: u.workspaces.map((w) => `${w.name} (${w.role})`).join(', ') })),
            ['id', 'email', 'name', 'workspaces', 'createdAt'],
          ),
        );
      });
    });

  group
    .command('create')
    .description('Create a login and make it a member of a workspace')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .option('--name <name>', 'display name', '')
    .option('--role <role>', ROLE_HELP, 'analyst')
    .option('--password <password>', PASSWORD_HELP)
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: Common & PasswordOptions & { email: string; name: string; role: string }) => {
      await withRuntime('users create', opts, async (rt) => {
        const input = parseOptions(z.object({ email: ZEmail, name: z.string().max(200), role: ZRole, password: ZPassword }), {
          ...opts,
          password: readPassword(opts),
        });
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const user = await createUser(rt.ctx.db, cliActor(workspace.id), input);
        emit(opts, user, () => `User ${user.email} created as ${user.role} of "${workspace.name}".`);
      });
    });

  group
    .command('set-password')
    .description("Set a user's password (an operator's reset) and sign the user out everywhere")
    .requiredOption('--email <email>', 'e-mail address of the user')
    .option('--password <password>', PASSWORD_HELP)
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: PasswordOptions & { email: string; json?: boolean }) => {
      await withRuntime('users set-password', opts, async (rt) => {
        const input = parseOptions(z.object({ email: ZEmail, password: ZPassword }), { email: opts.email, password: readPassword(opts) });
        const result = await resetUserPassword(rt.ctx.db, CLI_ACTOR, input);
        emit(opts, result, () => `Password of ${result.email} set; ${result.sessionsEnded} session(s) ended.`);
      });
    });

  group
    .command('add')
    .description('Add an existing user to a workspace with a role')
    .requiredOption('--email <email>', 'e-mail address of the existing user')
    .requiredOption('--role <role>', ROLE_HELP)
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--json', JSON_HELP)
    .action(async (opts: Common & { email: string; role: string }) => {
      await withRuntime('users add', opts, async (rt) => {
        const input = parseOptions(z.object({ email: ZEmail, role: ZRole }), opts);
        const workspace = await resolveWorkspace(rt.ctx.db, opts.workspace);
        const member = await addMember(rt.ctx.db, cliActor(workspace.id), input);
        emit(opts, member, () => `${member.email} is now ${member.role} of "${workspace.name}".`);
      });
    });
}

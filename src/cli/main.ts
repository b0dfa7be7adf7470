import { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerSetup } from './setup.js';
import { registerApiKeys } from './api-keys.js';
import { registerUsers } from './users.js';
import { registerWorkspaces } from './workspaces.js';
import { registerBackup } from './backup.js';
import { registerImport } from './import.js';
import { registerDemo } from './demo.js';
import { registerInbox } from './inbox.js';

const program = new Command('kunde')
  .description('Kunde — open, self-hostable Customer Experience Management')
  .version('0.1.0')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerServe(program);
registerSetup(program);
registerApiKeys(program);
registerUsers(program);
registerWorkspaces(program);
registerBackup(program);
registerImport(program);
registerDemo(program);
registerInbox(program);

await program.parseAsync(process.argv);

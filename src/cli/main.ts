import { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerSetup } from './setup.js';

const program = new Command('kunde')
  .description('Kunde — open, self-hostable Customer Experience Management')
  .version('0.1.0')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerServe(program);
registerSetup(program);

await program.parseAsync(process.argv);

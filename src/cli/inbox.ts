import type { Command } from 'commander';
import { deliverInboundMail } from '../inbox/mail-intake.js';
import { routingSettled } from '../inbox/routing/route-pending.js';
import { withRuntime } from './runtime.js';
import { emit } from './output.js';
import { JSON_HELP } from './options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

async function readStdin(maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw Object.assign(new Error(`The message exceeds SMTP_INBOUND_MAX_BYTES (${maxBytes} bytes).`), { exitCode: 69 });
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

// sysexits.h codes, which MTAs (Postfix, Exim, sendmail) read from a pipe transport: 67 bounces
// ("addressee unknown"), 75 makes the MTA keep the mail and retry later.
const EX_NOUSER = 67;
const EX_TEMPFAIL = 75;

/**
 * `kunde inbox deliver [--to ADDRESS] < message.eml`: hands one raw e-mail to the inbox, for an existing
 * mail server's pipe transport (Postfix `pipe`, an Exim transport, procmail, fetchmail's --mda).
 */
export function registerInbox(program: Command): void {
  const inbox = program.command('inbox').description('Work with the inbox (take mail in from an existing mail server)');
  inbox
    .command('deliver')
    .description('Read one e-mail (RFC 5322) on stdin and store it in the inbox it is addressed to')
    .option('--to <address>', 'the recipient (repeatable; default: the To/Cc/Delivered-To headers), e.g. the MTA\'s ${recipient}', collect, [])
    .option('--json', JSON_HELP)
    .addHelpText('after', '\nExit codes: 0 stored, 67 no such inbox (the MTA bounces), 75 temporary failure (the MTA retries).\nExample (Postfix master.cf):\n  kunde unix - n n - - pipe flags=Rq user=kunde argv=/usr/bin/env kunde inbox deliver --to ${recipient}')
    .action(async (opts: { to: string[]; json?: boolean }) => {
      const code = await withRuntime('inbox deliver', opts, async (rt) => {
        let raw: Buffer;
        try {
          raw = await readStdin(rt.ctx.config.SMTP_INBOUND_MAX_BYTES);
        } catch (err) {
          console.error((err as Error).message);
          return 69;
        }
        try {
          const result = await deliverInboundMail(rt.ctx, raw, opts.to);
          // Route before exiting: the queue would otherwise wait for a server's sweep.
          for (const ws of new Set(result.delivered.map((d) => d.workspaceId))) await routingSettled(rt.ctx, ws);
          emit(opts, result, () =>
            [
              ...result.delivered.map((d) => `Stored in inbox ${d.inboxId}, conversation ${d.conversationId}${d.created ? '' : ' (already there)'}.`),
              ...result.unknown.map((u) => `No inbox has the address ${u}.`),
            ].join('\n'),
          );
          return result.delivered.length ? 0 : EX_NOUSER;
        } catch (err) {
          console.error(`Could not store the mail: ${(err as Error).message}`);
          return EX_TEMPFAIL;
        }
      });
      process.exitCode = code;
    });
}

import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { AppContext } from '../platform/context.js';
import type { BackgroundServer, RunningServer } from '../platform/ports.js';
import { deliverInboundMail, inboxForAddress } from './mail-intake.js';
import { SmtpRateLimiter } from './smtp-rate-limit.js';

/** An SMTP reply with a code: smtp-server sends `responseCode` and the message to the client. */
const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** Reads the message, keeping nothing past the limit (the stream is still drained so the session goes on). */
async function readAll(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * The inbox's SMTP receiver: accepts mail for inbox addresses only (550 for any other recipient at
 * RCPT time, so the sending server bounces it instead of us dropping it), refuses mail over
 * SMTP_INBOUND_MAX_BYTES (552), and answers 250 only after the message is committed; a failure
 * answers 451 so the sender retries later. One host may send SMTP_INBOUND_RATE_PER_MINUTE messages a
 * minute (450 beyond, see smtp-rate-limit.ts). No AUTH or relaying: it is a final destination, like an
 * MX. Run it behind a firewall or an MTA if the port faces the internet (see docs/inbox.md).
 */
export async function startSmtpReceiver(ctx: AppContext, opts: { port: number; host: string; ratePerMinute?: number }): Promise<RunningServer & { port: number }> {
  const maxBytes = ctx.config.SMTP_INBOUND_MAX_BYTES;
  const limiter = new SmtpRateLimiter(opts.ratePerMinute ?? ctx.config.SMTP_INBOUND_RATE_PER_MINUTE);
  const server = new SMTPServer({
    name: 'kunde',
    banner: 'Kunde inbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onMailFrom(_address, session, cb) {
      if (limiter.take(session.remoteAddress)) return cb();
      ctx.log.warn({ ip: session.remoteAddress }, 'smtp: sender over the rate limit');
      cb(smtpError(450, '4.7.1 Too many messages from your host, try again later'));
    },
    onRcptTo(address, _session, cb) {
      inboxForAddress(ctx.db, address.address).then(
        (inbox) => cb(inbox ? null : smtpError(550, `No such mailbox: ${address.address}`)),
        (err: unknown) => {
          ctx.log.error({ err }, 'smtp: recipient lookup failed');
          cb(smtpError(451, 'Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, cb) {
      readAll(stream, maxBytes)
        .then(async (raw) => {
          if (stream.sizeExceeded) return cb(smtpError(552, `Message exceeds the size limit of ${maxBytes} bytes`));
          const result = await deliverInboundMail(ctx, raw, session.envelope.rcptTo.map((r) => r.address));
          ctx.log.info({ delivered: result.delivered.length, conversations: result.delivered.map((d) => d.conversationId) }, 'smtp: mail received');
          cb();
        })
        .catch((err: unknown) => {
          ctx.log.error({ err }, 'smtp: storing a mail failed');
          cb(smtpError(451, 'Temporary failure, try again later'));
        });
    },
  });
  server.on('error', (err) => ctx.log.warn({ err }, 'smtp: connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    port,
    address: `smtp://${opts.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Registered in src/modules.ts: started by `kunde serve` when SMTP_INBOUND_PORT is set. */
export const smtpReceiver: BackgroundServer = {
  name: 'smtp-inbound',
  start: async (ctx) =>
    ctx.config.SMTP_INBOUND_PORT === undefined ? undefined : startSmtpReceiver(ctx, { port: ctx.config.SMTP_INBOUND_PORT, host: ctx.config.SMTP_INBOUND_HOST }),
};

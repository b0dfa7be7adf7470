import { pino, type Logger } from 'pino';

/** JSON logs (one line per event, request ids included) for any log collector. The CLI logs to
 * stderr so that its --json output on stdout stays parseable. */
export function createLogger(level: string, { stderr = false }: { stderr?: boolean } = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'kunde', pid: process.pid },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], remove: true },
    },
    pino.destination(stderr ? 2 : 1),
  );
}

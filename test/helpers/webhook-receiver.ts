import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook<J = unknown> {
  /** The request path, e.g. "/hooks/t1": tests tell their endpoints apart by it. */
  path: string;
  headers: Record<string, string>;
  /** The raw body, as signed. */
  body: string;
  json: J;
}

export interface WebhookReceiver<J = unknown> {
  /** http://127.0.0.1:<port>, without a path. */
  url: string;
  received: ReceivedWebhook<J>[];
  /**
   * Answers the next requests to `path` with these statuses, in order (then 200). Only that path gets
   * them, so another test's late deliveries cannot use them up.
   */
  answerNext(path: string, statuses: number[]): void;
  /** Forgets what arrived and any queued answers. */
  clear(): void;
  close(): Promise<void>;
}

/** A real webhook receiver on loopback: records every request and answers 200 unless told otherwise. */
export async function startWebhookReceiver<J = unknown>(): Promise<WebhookReceiver<J>> {
  const received: ReceivedWebhook<J>[] = [];
  let answers: number[] = [];
  let answersFor = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // Not JSON: kept as the raw body only.
      }
      received.push({ path: req.url ?? '', headers: req.headers as Record<string, string>, body, json: json as J });
      res.statusCode = (req.url === answersFor ? answers.shift() : undefined) ?? 200;
      res.end(res.statusCode === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answerNext(path, statuses) {
      answersFor = path;
      answers = [...statuses];
    },
    clear() {
      received.length = 0;
      answers = [];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

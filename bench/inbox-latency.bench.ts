import pg from 'pg';
import { createTransport } from 'nodemailer';
import { loadConfig } from '../src/platform/config.js';
import { openRuntime } from '../src/platform/runtime.js';
import { buildApp } from '../src/platform/http/app.js';
import { createLogger } from '../src/platform/log.js';
import { randomToken } from '../src/platform/ids.js';
import { systemActor } from '../src/platform/context.js';
import type { Database } from '../src/platform/db/client.js';
import { allRoutes } from '../src/modules.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { createApiKey } from '../src/accounts/api-keys.service.js';
import { realtimeHub } from '../src/inbox/realtime.js';
import { startSmtpReceiver } from '../src/inbox/smtp-receiver.js';
import { createTestDatabase } from '../test/helpers/database.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';

/**
 * Time from a message arriving to its event reaching a connected dashboard: an SSE client on
 * /api/v1/inbox/events (real HTTP on 127.0.0.1) hears `conversation` with reason `message`.
 * - API: from sending POST /api/v1/messages to the event (store, customer link, announce);
 * - SMTP: from handing the mail to nodemailer (one pooled connection) to the event;
 * against two baselines of the same run: a bare LISTEN/NOTIFY round trip on the same database (what
 * crossing processes costs at the least), and an event published on the hub reaching the same SSE
 * client (the transport alone). One message at a time, each in a thread of its own.
 * Messages: BENCH_INBOX_LATENCY_MESSAGES (default 200 each way).
 */
export const name = 'inbox-latency';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
};

interface Heard {
  at: number;
  data: { type?: string; conversationId?: string; reason?: string };
}

/** A minimal EventSource over fetch that records when each event arrived. */
async function openStream(url: string, key: string): Promise<{ heard: Heard[]; next(after: number, pred: (h: Heard) => boolean): Promise<Heard>; close(): void }> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${key}` }, signal: ctrl.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE answered ${res.status}`);
  const heard: Heard[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const data = buf.slice(0, end).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          buf = buf.slice(end + 2);
          if (data) heard.push({ at, data: JSON.parse(data) as Heard['data'] });
        }
        waiters.splice(0).forEach((w) => w());
      }
    } catch {
      /* closed */
    }
  })();
  const next = async (after: number, pred: (h: Heard) => boolean) => {
    for (let i = after; ; ) {
      for (; i < heard.length; i++) if (pred(heard[i])) return heard[i];
      await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((_, reject) => setTimeout(() => reject(new Error('no event within 10 s')), 10_000))]);
    }
  };
  await next(0, (h) => h.data.type === undefined); // 'ready'
  return { heard, next, close: () => ctrl.abort() };
}

/** LISTEN on one connection, NOTIFY on another, round trip per notification. */
async function notifyRoundTrip(database: Database, n: number): Promise<number[]> {
  const times: number[] = [];
  let resolveHeard: (() => void) | undefined;
  let stop: () => Promise<void>;
  if (database.kind === 'postgres') {
    const listener = new pg.Client(database.pool!.options);
    await listener.connect();
    listener.on('notification', () => resolveHeard?.());
    await listener.query('listen bench_latency');
    stop = () => listener.end();
  } else {
    const unlisten = await database.pglite!.listen('bench_latency', () => resolveHeard?.());
    stop = unlisten;
  }
  for (let i = 0; i < n; i++) {
    const heard = new Promise<void>((r) => (resolveHeard = r));
    const s = performance.now();
    await database.raw.query("select pg_notify('bench_latency', $1)", [String(i)]);
    await heard;
    times.push(performance.now() - s);
  }
  await stop();
  return times;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_INBOX_LATENCY_MESSAGES ?? 200);
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', RATE_LIMIT_API_PER_MINUTE: '10000000', INBOUND_DOMAIN: 'in.bench.example' });
  const database = await createTestDatabase();
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const app = await buildApp(rt.ctx, allRoutes);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const rows: BenchRow[] = [];
  const row = (metric: string, times: number[], extra: Partial<BenchRow> = {}) =>
    rows.push({ bench: name, engine: ctx.engine, metric, value: percentile(times, 50), unit: 'ms p50', p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), ...extra });
  try {
    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Latency bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
    const key = (await createApiKey(rt.ctx.db, systemActor(workspaceId), { name: 'bench', role: 'admin' })).key;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const inbox = async (type: string) => (await (await fetch(`${base}/api/v1/inboxes`, { method: 'POST', headers, body: JSON.stringify({ type, name: type }) })).json()) as { id: string; address: string };
    const api = await inbox('api');
    const mail = await inbox('email');
    const stream = await openStream(`${base}/api/v1/inbox/events`, key);
    const isArrival = (h: Heard) => h.data.type === 'conversation' && h.data.reason === 'message';

    const notify = await notifyRoundTrip(rt.ctx.database, n);
    row('bare LISTEN/NOTIFY round trip (baseline)', notify, { note: `${n} notifications` });

    const hub = realtimeHub(rt.ctx.database);
    const bare: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = stream.heard.length;
      const id = `bench-${i}`;
      const s = performance.now();
      hub.publish(workspaceId, { type: 'conversation', conversationId: id, reason: 'created' });
      bare.push((await stream.next(from, (h) => h.data.conversationId === id)).at - s);
    }
    row('hub publish → SSE client (baseline)', bare, { note: 'the transport alone' });
    const bareP50 = percentile(bare, 50);
    const notifyP50 = percentile(notify, 50);

    const viaApi: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = stream.heard.length;
      const s = performance.now();
      const res = await fetch(`${base}/api/v1/messages`, { method: 'POST', headers, body: JSON.stringify({ inboxId: api.id, text: `Message ${i}: my parcel is late`, customer: { email: `lat${i}@example.com` }, messageId: `lat-${i}` }) });
      if (res.status !== 201) throw new Error(`POST /messages answered ${res.status}: ${await res.text()}`);
      const { conversationId } = (await res.json()) as { conversationId: string };
      viaApi.push((await stream.next(from, (h) => isArrival(h) && h.data.conversationId === conversationId)).at - s);
    }
    row('API message → dashboard event', viaApi, { baseline: notifyP50, note: `${n} messages; ÷ NOTIFY round trip (hub → SSE alone: ${bareP50} ms)` });

    const receiver = await startSmtpReceiver(rt.ctx, { port: 0, host: '127.0.0.1', ratePerMinute: 1_000_000 });
    const mailer = createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
    const viaSmtp: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = stream.heard.length;
      const s = performance.now();
      const sent = mailer.sendMail({ from: `lat${i}@example.com`, to: mail.address, subject: `Parcel ${i}`, text: `Mail ${i}: where is my parcel?`, messageId: `<lat${i}@bench.example>` });
      // One mail at a time and each a new thread: the next arrival event is this mail's.
      const heard = await stream.next(from, isArrival);
      viaSmtp.push(heard.at - s);
      await sent;
    }
    mailer.close();
    await receiver.close();
    row('SMTP mail → dashboard event', viaSmtp, { baseline: notifyP50, note: `${n} mails, one connection; ÷ NOTIFY round trip` });
    stream.close();
  } finally {
    await app.close();
    await rt.close();
  }
  return rows;
}

runIfMain(import.meta.url, run);

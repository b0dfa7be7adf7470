import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/platform/config.js';
import { openRuntime } from '../src/platform/runtime.js';
import { buildApp } from '../src/platform/http/app.js';
import { createLogger } from '../src/platform/log.js';
import { newId, randomToken } from '../src/platform/ids.js';
import { systemActor } from '../src/platform/context.js';
import { allRoutes } from '../src/modules.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { createApiKey } from '../src/accounts/api-keys.service.js';
import { inboxMessages } from '../src/inbox/inbox.tables.js';
import { startSmtpReceiver } from '../src/inbox/smtp-receiver.js';
import { routingSettled } from '../src/inbox/routing/route-pending.js';
import { createTestDatabase } from '../test/helpers/database.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';

/**
 * Messages ingested per second into the inbox, each against a baseline of the same run:
 * - through the API (POST /api/v1/messages one by one: auth, validation, threading, the customer's
 *   timeline event and identity resolution; routing — text analysis, rules, SLA clock — follows the
 *   answer, so a second row counts until the last message is routed) against a bare multi-row INSERT
 *   of as many rows into inbox_messages;
 * - through the SMTP receiver (parse, thread, store, commit before 250) against a bare smtp-server that
 *   reads and discards every message, both over one connection on 127.0.0.1.
 * - through the bulk import (POST /api/v1/conversations/import, 1,000 messages per request) against the
 *   same bare INSERT.
 * Messages: BENCH_INBOX_MESSAGES (default 1,000; a quarter of that by SMTP). Four messages per thread.
 */
export const name = 'inbox';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

async function sendAll(port: number, count: number, to: string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const mailer = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    const thread = Math.floor(i / 4);
    await mailer.sendMail({ from: `sender${thread}@example.com`, to, subject: `Order ${thread}`, text: `Message ${i}: where is my order?`, messageId: `<m${i}@bench.example>`, ...(i % 4 ? { inReplyTo: `<m${i - 1}@bench.example>` } : {}) });
    times.push(performance.now() - s);
  }
  const secs = (performance.now() - t0) / 1000;
  mailer.close();
  return { perSecond: Math.round(count / secs), p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_INBOX_MESSAGES ?? 1000);
  const smtpCount = Math.max(4, Math.floor(n / 4));
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', RATE_LIMIT_API_PER_MINUTE: '10000000', INBOUND_DOMAIN: 'in.bench.example' });
  const database = await createTestDatabase();
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const app = await buildApp(rt.ctx, allRoutes);
  await app.ready();
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}) => rows.push({ bench: name, engine: ctx.engine, metric, value, unit, ...extra });
  try {
    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Inbox bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
    const key = (await createApiKey(rt.ctx.db, systemActor(workspaceId), { name: 'bench', role: 'admin' })).key;
    const inbox = async (type: string) => (await app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: { authorization: `Bearer ${key}` }, payload: { type, name: type } })).json() as { id: string; address: string };
    const api = await inbox('api');
    const mail = await inbox('email');

    // Baseline: the same number of rows in one multi-row INSERT per 500.
    const b0 = performance.now();
    for (let i = 0; i < n; i += 500) {
      const conv = newId();
      await rt.ctx.db.insert(inboxMessages).values(
        Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ workspaceId, id: newId(), conversationId: conv, inboxId: api.id, direction: 'in' as const, text: `Message ${i + k}`, fullText: `Message ${i + k}`, externalId: `base-${i + k}` })),
      );
    }
    const baseline = Math.round(n / ((performance.now() - b0) / 1000));
    row('bare INSERT into inbox_messages (baseline)', baseline, 'msgs/s', { note: `${n} rows, 500 per statement` });

    const times: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const thread = Math.floor(i / 4);
      const s = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/messages',
        headers: { authorization: `Bearer ${key}` },
        payload: { inboxId: api.id, text: `Message ${i}: my parcel is late`, customer: { email: `c${thread}@example.com` }, messageId: `api-${i}`, ...(i % 4 ? { inReplyTo: `api-${i - 1}` } : {}) },
      });
      if (res.statusCode !== 201) throw new Error(`POST /messages answered ${res.statusCode}: ${res.body}`);
      times.push(performance.now() - s);
    }
    row('POST /api/v1/messages, one per request (answered)', Math.round(n / ((performance.now() - t0) / 1000)), 'msgs/s', { baseline, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), note: `${n} messages, ${n / 4} threads` });
    await routingSettled(rt.ctx, workspaceId);
    row('POST /api/v1/messages, one per request (all routed)', Math.round(n / ((performance.now() - t0) / 1000)), 'msgs/s', { baseline, note: 'until the last is routed: rules, SLA clock' });

    // The bulk path: an export posted 1,000 messages per request (twcs-like threads of four, two months old).
    const importInbox = await inbox('import');
    const i0 = performance.now();
    for (let b = 0; b < n; b += 1000) {
      const messages = Array.from({ length: Math.min(1000, n - b) }, (_, k) => {
        const i = b + k;
        return { messageId: `t${i}`, ...(i % 4 ? { inReplyTo: `t${i - 1}` } : {}), author: i % 2 ? 'brand' : `user${Math.floor(i / 4)}`, inbound: i % 2 === 0, sentAt: new Date(Date.now() - 60 * 86_400_000 + i * 60_000).toISOString(), text: `Tweet ${i} about my order` };
      });
      const res = await app.inject({ method: 'POST', url: '/api/v1/conversations/import', headers: { authorization: `Bearer ${key}` }, payload: { inboxId: importInbox.id, messages } });
      if (res.statusCode !== 200) throw new Error(`POST /conversations/import answered ${res.statusCode}: ${res.body}`);
    }
    row('POST /api/v1/conversations/import, 1,000 per request', Math.round(n / ((performance.now() - i0) / 1000)), 'msgs/s', { baseline, note: `${n} messages, ${n / 4} threads` });

    const bare = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], logger: false, authOptional: true, onData: (stream, _s, done) => { stream.on('data', () => {}); stream.on('end', () => done()); } });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareRun = await sendAll((bare.server.address() as AddressInfo).port, smtpCount, mail.address);
    await new Promise<void>((r) => bare.close(() => r()));
    row('bare smtp-server that discards (baseline)', bareRun.perSecond, 'msgs/s', { p50Ms: bareRun.p50, p99Ms: bareRun.p99, note: `${smtpCount} mails, one connection` });

    const receiver = await startSmtpReceiver(rt.ctx, { port: 0, host: '127.0.0.1', ratePerMinute: 1_000_000 });
    const s0 = performance.now();
    const kunde = await sendAll(receiver.port, smtpCount, mail.address);
    await receiver.close();
    row('Kunde SMTP receiver, stored before 250', kunde.perSecond, 'msgs/s', { baseline: bareRun.perSecond, p50Ms: kunde.p50, p99Ms: kunde.p99, note: `${smtpCount} mails, one connection` });
    await routingSettled(rt.ctx, workspaceId);
    row('Kunde SMTP receiver (all routed)', Math.round(smtpCount / ((performance.now() - s0) / 1000)), 'msgs/s', { baseline: bareRun.perSecond, note: 'until the last is routed' });
  } finally {
    await app.close();
    await rt.close();
  }
  return rows;
}

runIfMain(import.meta.url, run);

import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { readOutbox } from '../../../test/helpers/outbox.js';
import { startSmtp } from '../../../test/helpers/smtp.js';
import { mailOutbox } from './mail.tables.js';
import { sendMail } from './mail.service.js';
import { deliverOutboxMail } from './mail-delivery.js';
import { requeueStrandedMailJob } from './mail.jobs.js';

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}


describe('outbox without SMTP', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    a = await buildWorkspace(t.rt.ctx, 'Acme');
    b = await buildWorkspace(t.rt.ctx, 'Beta');
  });
  afterAll(async () => t?.close());

  it('keeps mail in the outbox for the dashboard, newest first, a page at a time', async () => {
    for (let i = 1; i <= 3; i++) {
      const mail = await sendMail(t.rt.ctx.db, a.workspaceId, { to: `p${i}@example.com`, subject: `Survey ${i}`, text: `Hello ${i}`, kind: 'survey' }, t.rt.ctx);
      expect(mail.status).toBe('kept');
      await mail.deliver(); // nothing to deliver: must not throw or enqueue
    }
    const first = await readOutbox(t.app, a.keys.admin, '?limit=2');
    expect(first.data.map((m) => m.subject)).toEqual(['Survey 3', 'Survey 2']);
    expect(first.data[0]).toMatchObject({ to: 'p3@example.com', text: 'Hello 3', kind: 'survey', status: 'kept', attempts: 0, lastError: null, sentAt: null });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await readOutbox(t.app, a.keys.admin, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((m) => m.subject)).toEqual(['Survey 1']);
    expect(second.nextCursor).toBeNull();
    expect((await readOutbox(t.app, b.keys.admin)).data).toEqual([]);
  });

  it('writes the mail with the caller’s transaction: a rollback leaves no mail behind', async () => {
    await expect(
      t.rt.ctx.db.transaction(async (tx) => {
        await sendMail(tx, a.workspaceId, { to: 'ghost@example.com', subject: 'Never', text: 'x', kind: 'test' }, t.rt.ctx);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect((await readOutbox(t.app, a.keys.admin)).data.map((m) => m.to)).not.toContain('ghost@example.com');
  });

  it('is for owners and admins, and answers bad input with 4xx problem+json', async () => {
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'GET', '/api/v1/outbox', { key: a.keys[role] })).status).toBe(403);
    }
    for (const q of ['?limit=0', '?limit=1000', '?limit=abc', '?cursor=not-a-cursor']) {
      const r = await call<{ errors: { path: string }[] }>(t.app, 'GET', `/api/v1/outbox${q}`, { key: a.keys.admin });
      expect(r.status, q).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.errors[0].path).toMatch(/^querystring\./);
    }
  });
});

describe('delivery over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let a: TestWorkspace;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Kunde <cx@acme.example>' } });
    a = await buildWorkspace(t.rt.ctx, 'Acme');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('delivers an invitation to the SMTP server and marks the outbox row sent', async () => {
    const r = await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.admin, body: { email: 'Invitee@Example.com', role: 'viewer' } });
    expect(r.status).toBe(201);
    const sent = await waitFor('the mail to be sent', async () => (await readOutbox(t.app, a.keys.admin)).data.find((m) => m.status === 'sent'));
    expect(sent).toMatchObject({ to: 'invitee@example.com', kind: 'invitation', attempts: 1, lastError: null, sentAt: expect.any(String) });
    expect(smtp.received).toHaveLength(1);
    const [msg] = smtp.received;
    expect(msg).toMatchObject({ from: 'cx@acme.example', to: ['invitee@example.com'] });
    expect(msg.data).toContain('Subject: You are invited to Acme on Kunde');
    const link = /\/invite\/([A-Za-z0-9]{43})/.exec(sent.text)![0];
    expect(msg.data.replace(/=\r\n/g, '')).toContain(link);
  });

  it('delivers a row only once, even when two jobs try', async () => {
    const mail = await sendMail(t.rt.ctx.db, a.workspaceId, { to: 'once@example.com', subject: 'Once', text: 'x', kind: 'test' }, t.rt.ctx);
    expect(mail.status).toBe('queued');
    // Both "first attempts" race for the row, as the stranded-mail sweep and a late job would.
    const results = await Promise.all([1, 2].map(() => deliverOutboxMail(t.rt.ctx, { workspaceId: a.workspaceId, outboxId: mail.id }, { id: 'x', retryCount: 0 }, 8)));
    expect(results.map((x) => x.status).sort()).toEqual(['sent', 'skipped']);
    expect(smtp.received.filter((m) => m.to.includes('once@example.com'))).toHaveLength(1);
  });

  it('re-enqueues mail whose process stopped between commit and enqueue', async () => {
    const mail = await sendMail(t.rt.ctx.db, a.workspaceId, { to: 'stranded@example.com', subject: 'Stranded', text: 'x', kind: 'test' }, t.rt.ctx);
    // deliver() is never called; the row is made old enough to count as stranded.
    const where = and(eq(mailOutbox.workspaceId, a.workspaceId), eq(mailOutbox.id, mail.id));
    await t.rt.ctx.db.update(mailOutbox).set({ createdAt: sql`now() - interval '1 hour'` }).where(where);
    expect(await requeueStrandedMailJob.handler(t.rt.ctx, {}, { id: 'sweep', retryCount: 0 })).toEqual({ requeued: 1 });
    await waitFor('the stranded mail to be sent', async () => (await readOutbox(t.app, a.keys.admin)).data.find((m) => m.id === mail.id && m.status === 'sent'));
    expect(smtp.received.filter((m) => m.to.includes('stranded@example.com'))).toHaveLength(1);
  });
});

describe('delivery to an unreachable SMTP server', () => {
  let t: TestApp;
  let a: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` } });
    a = await buildWorkspace(t.rt.ctx, 'Acme');
  });
  afterAll(async () => t?.close());

  it('keeps the mail queued for a retry, with the error recorded', async () => {
    expect((await call(t.app, 'POST', '/api/v1/invitations', { key: a.keys.admin, body: { email: 'later@example.com', role: 'viewer' } })).status).toBe(201);
    const failed = await waitFor('a failed attempt', async () => (await readOutbox(t.app, a.keys.admin)).data.find((m) => m.lastError !== null));
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, sentAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    const { rows } = await t.rt.ctx.database.raw.query<{ state: string }>(
      `select state from pgboss.job where name = 'mail-deliver' and data->>'outboxId' = $1`, [failed.id]);
    expect(rows.map((r) => r.state)).toEqual(['retry']);
  });

  it('gives up after the last retry and marks the mail failed', async () => {
    const mail = await sendMail(t.rt.ctx.db, a.workspaceId, { to: 'never@example.com', subject: 'Never', text: 'x', kind: 'test' }, t.rt.ctx);
    await t.rt.ctx.db.update(mailOutbox).set({ attempts: 8 }).where(and(eq(mailOutbox.workspaceId, a.workspaceId), eq(mailOutbox.id, mail.id)));
    await expect(deliverOutboxMail(t.rt.ctx, { workspaceId: a.workspaceId, outboxId: mail.id }, { id: 'last', retryCount: 8 }, 8)).rejects.toThrow();
    expect((await readOutbox(t.app, a.keys.admin)).data.find((m) => m.id === mail.id)).toMatchObject({ status: 'failed', attempts: 9 });
  });
});

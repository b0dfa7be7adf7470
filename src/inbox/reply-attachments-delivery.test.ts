import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { startSmtp } from '../../test/helpers/smtp.js';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { mailOutbox } from '../platform/mail/mail.tables.js';
import { deliverOutboxMail } from '../platform/mail/mail-delivery.js';
import { inboxAttachments } from './inbox.tables.js';
import { deleteStaleUploads } from './reply-attachments.queries.js';

let t: TestApp;
let a: TestWorkspace;
let sink: Awaited<ReturnType<typeof startSmtp>>;
let inboxId: string;

// No job worker: the outbox row waits as after a crash, and the test runs the delivery job's work itself.
beforeAll(async () => {
  sink = await startSmtp();
  t = await createTestApp({ work: false, env: { SMTP_URL: sink.url } });
  a = await buildWorkspace(t.rt.ctx, 'Attach delivery');
  inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Support' } })).body.id;
}, 180_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function upload(conversationId: string, text: string, fileName: string) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), fileName);
  const req = new Request('http://kunde.test', { method: 'POST', body: form });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/attachments`,
    headers: { authorization: `Bearer ${a.keys.agent}`, 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>();
}

async function replyWithFile(email: string, fileName: string) {
  const msg = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Hi', subject: 'Files', customer: { email } } });
  const file = await upload(msg.body.conversationId, `contents of ${fileName}`, fileName);
  const reply = await call<{ outboxId: string }>(t.app, 'POST', `/api/v1/conversations/${msg.body.conversationId}/messages`, { key: a.keys.agent, body: { text: `Attached: ${fileName}`, attachmentIds: [file.id] } });
  expect(reply.status).toBe(201);
  return { conversationId: msg.body.conversationId, fileId: file.id, outboxId: reply.body.outboxId };
}

const outboxRow = async (id: string) =>
  (await t.rt.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.workspaceId, a.workspaceId), eq(mailOutbox.id, id))))[0];

describe('a queued reply with files', () => {
  it('is delivered from its outbox row alone, as a job does after a restart', async () => {
    const { outboxId } = await replyWithFile('later@example.com', 'plan.txt');
    expect(await outboxRow(outboxId)).toMatchObject({ status: 'queued', attachments: [{ source: 'inbox' }] });
    const done = await deliverOutboxMail(t.rt.ctx, { workspaceId: a.workspaceId, outboxId }, { id: 'job-1', retryCount: 0 }, 8);
    expect(done.status).toBe('sent');
    const mail = await simpleParser(sink.received.find((m) => m.to.includes('later@example.com'))!.data);
    expect(mail.attachments.map((f) => [f.filename, f.content.toString()])).toEqual([['plan.txt', 'contents of plan.txt']]);
  });

  it('fails for good, without retries, when a file it names is gone', async () => {
    const { outboxId, fileId } = await replyWithFile('gone@example.com', 'gone.txt');
    await t.rt.ctx.db.delete(inboxAttachments).where(and(eq(inboxAttachments.workspaceId, a.workspaceId), eq(inboxAttachments.id, fileId)));
    const done = await deliverOutboxMail(t.rt.ctx, { workspaceId: a.workspaceId, outboxId }, { id: 'job-2', retryCount: 0 }, 8);
    expect(done.status).toBe('failed');
    expect(await outboxRow(outboxId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('not found') });
    expect(sink.received.some((m) => m.to.includes('gone@example.com'))).toBe(false);
  });
});

describe('uploads never sent', () => {
  it('are deleted after a day; sent files and fresh uploads stay', async () => {
    const { conversationId, fileId: sent } = await replyWithFile('sweep@example.com', 'sent.txt');
    const stale = await upload(conversationId, 'forgotten', 'forgotten.txt');
    const fresh = await upload(conversationId, 'just now', 'fresh.txt');
    const files = inboxAttachments;
    await t.rt.ctx.db.update(files).set({ createdAt: sql`now() - interval '25 hours'` }).where(and(eq(files.workspaceId, a.workspaceId), sql`${files.id} in (${sent}, ${stale.id})`));
    expect(await deleteStaleUploads(t.rt.ctx.db, 24)).toBe(1);
    const left = await t.rt.ctx.db.select({ id: files.id }).from(files).where(eq(files.conversationId, conversationId));
    expect(left.map((r) => r.id).sort()).toEqual([sent, fresh.id].sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { startSmtp, waitFor } from '../../test/helpers/smtp.js';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { mailOutbox } from '../platform/mail/mail.tables.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let sink: Awaited<ReturnType<typeof startSmtp>>;
const MAX_FILE = 1000;
const MAX_REPLY = 1500;

beforeAll(async () => {
  sink = await startSmtp();
  t = await createTestApp({
    work: true,
    env: { SMTP_URL: sink.url, INBOX_ATTACHMENT_MAX_BYTES: String(MAX_FILE), INBOX_REPLY_ATTACHMENTS_MAX_BYTES: String(MAX_REPLY) },
  });
  a = await buildWorkspace(t.rt.ctx, 'Attach A');
  b = await buildWorkspace(t.rt.ctx, 'Attach B');
}, 180_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

interface Attachment { id: string; fileName: string; contentType: string; size: number }
interface Message { id: string; messageId: string; outboxId: string | null; attachments: Attachment[] }

/** A multipart/form-data upload as the browser sends it. */
async function upload(key: string, conversationId: string, content: Buffer | string, fileName: string, type = 'application/octet-stream', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([content], { type }), fileName);
  const req = new Request('http://kunde.test', { method: 'POST', body: form });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/attachments`,
    headers: { authorization: `Bearer ${key}`, 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  return { status: res.statusCode, body: res.json<Attachment & { detail?: string }>(), contentType: String(res.headers['content-type']) };
}

/** An e-mail conversation with one mail in from `email`, in workspace `ws`. */
async function emailConversation(ws: TestWorkspace, email: string): Promise<string> {
  const inbox = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'email', name: `Mail ${email}` } });
  const msg = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', {
    key: ws.keys.agent,
    body: { inboxId: inbox.body.id, text: 'Please send the invoice.', subject: 'Invoice', customer: { email }, messageId: `<first-${email}>` },
  });
  return msg.body.conversationId;
}

const reply = (key: string, conversationId: string, body: Record<string, unknown>) =>
  call<Message & { errors?: { path: string }[] }>(t.app, 'POST', `/api/v1/conversations/${conversationId}/messages`, { key, body });

describe('files on an e-mail reply', () => {
  it('go out as MIME attachments with their names, types and bytes, threading headers intact', async () => {
    const conv = await emailConversation(a, 'ines@example.com');
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10, 0x80, 0x7f, 0x0a]);
    const one = await upload(a.keys.agent, conv, pdf, 'Faktura æøå.pdf', 'application/pdf');
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ fileName: 'Faktura æøå.pdf', contentType: 'application/pdf', size: pdf.length });
    const two = await upload(a.keys.agent, conv, 'line one\nline two\n', 'notes.txt', 'text/plain');
    expect(two.status).toBe(201);

    const sent = await reply(a.keys.agent, conv, { text: 'Here is the invoice.', attachmentIds: [one.body.id, two.body.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments.map((f) => f.fileName).sort()).toEqual(['Faktura æøå.pdf', 'notes.txt']);

    // The outbox row names the files; their bytes stay in the inbox's table (a queued mail survives a restart).
    const [row] = await t.rt.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.workspaceId, a.workspaceId), eq(mailOutbox.id, sent.body.outboxId!)));
    expect(row.attachments).toEqual([{ source: 'inbox', id: one.body.id }, { source: 'inbox', id: two.body.id }]);

    const raw = await waitFor('the reply with files', () => sink.received.find((m) => m.data.includes('Here is the invoice'))?.data);
    const mail = await simpleParser(raw);
    expect(mail.text?.trim()).toBe('Here is the invoice.');
    expect(mail.attachments.map((f) => [f.filename, f.contentType])).toEqual([['Faktura æøå.pdf', 'application/pdf'], ['notes.txt', 'text/plain']]);
    expect(Buffer.compare(mail.attachments[0].content, pdf)).toBe(0);
    expect(mail.attachments[1].content.toString()).toBe('line one\nline two\n');
    expect(mail.messageId).toBe(sent.body.messageId);
    expect(mail.inReplyTo).toBe('<first-ines@example.com>');
    expect(mail.references).toContain('<first-ines@example.com>');

    // The sent message lists its files like an incoming one, downloadable.
    const msgs = await call<{ data: Message[] }>(t.app, 'GET', `/api/v1/conversations/${conv}/messages`, { key: a.keys.viewer });
    const out = msgs.body.data.find((m) => m.id === sent.body.id)!;
    expect(out.attachments).toHaveLength(2);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conv}/attachments/${one.body.id}`, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(file.statusCode).toBe(200);
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);

    // A sent file is on its message for good: not removable, not sendable again.
    expect((await call(t.app, 'DELETE', `/api/v1/conversations/${conv}/attachments/${one.body.id}`, { key: a.keys.agent })).status).toBe(409);
    const again = await reply(a.keys.agent, conv, { text: 'Again', attachmentIds: [one.body.id] });
    expect(again.status).toBe(422);
    expect(again.body.errors?.[0].path).toBe('body.attachmentIds.0');
  });

  it('can be removed before sending, and internal notes keep files without mailing them', async () => {
    const conv = await emailConversation(a, 'noah@example.com');
    const f = await upload(a.keys.agent, conv, 'draft', 'draft.txt', 'text/plain');
    expect((await call(t.app, 'DELETE', `/api/v1/conversations/${conv}/attachments/${f.body.id}`, { key: a.keys.agent })).status).toBe(204);
    expect((await reply(a.keys.agent, conv, { text: 'x', attachmentIds: [f.body.id] })).status).toBe(422);
    const g = await upload(a.keys.agent, conv, 'for colleagues', 'internal.txt', 'text/plain');
    const note = await reply(a.keys.agent, conv, { text: 'See file', internal: true, attachmentIds: [g.body.id] });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ outboxId: null, attachments: [{ fileName: 'internal.txt' }] });
  });

  it('goes with one reply only when two replies name it at once', async () => {
    const conv = await emailConversation(a, 'race@example.com');
    const f = await upload(a.keys.agent, conv, 'once', 'once.txt', 'text/plain');
    const codes = (await Promise.all([1, 2].map((n) => reply(a.keys.agent, conv, { text: `Race ${n}`, attachmentIds: [f.body.id] })))).map((r) => r.status).sort();
    expect(codes).toEqual([201, 422]);
    const msgs = await call<{ data: Message[] }>(t.app, 'GET', `/api/v1/conversations/${conv}/messages`, { key: a.keys.viewer });
    expect(msgs.body.data.filter((m) => m.attachments.length > 0)).toHaveLength(1);
  });

  it('cannot be sent where the reply reaches no e-mail address', async () => {
    const inbox = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'import', name: 'Reviews' } });
    const msg = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId: inbox.body.id, text: 'Bad product', customer: { externalId: 'rev-1' } } });
    const f = await upload(a.keys.agent, msg.body.conversationId, 'x', 'x.txt', 'text/plain');
    const res = await reply(a.keys.agent, msg.body.conversationId, { text: 'Sorry', attachmentIds: [f.body.id] });
    expect(res.status).toBe(422);
    expect(res.body.errors?.[0].path).toBe('body.attachmentIds');
  });
});

describe('limits', () => {
  it('refuses a file over the size limit with 413, and a reply over the total with 413 (nothing sent)', async () => {
    const conv = await emailConversation(a, 'limits@example.com');
    const big = await upload(a.keys.agent, conv, Buffer.alloc(MAX_FILE + 1, 1), 'big.bin');
    expect(big.status).toBe(413);
    expect(big.contentType).toMatch(/^application\/problem\+json/);
    const fits = await upload(a.keys.agent, conv, Buffer.alloc(MAX_FILE, 1), 'fits.bin');
    expect(fits.status).toBe(201);
    const second = await upload(a.keys.agent, conv, Buffer.alloc(800, 2), 'second.bin');
    const res = await reply(a.keys.agent, conv, { text: 'Too much', attachmentIds: [fits.body.id, second.body.id] });
    expect(res.status).toBe(413);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    // Nothing was written: the conversation has only the customer's mail, and both files still wait.
    expect((await call<{ messageCount: number }>(t.app, 'GET', `/api/v1/conversations/${conv}`, { key: a.keys.viewer })).body.messageCount).toBe(1);
    expect((await reply(a.keys.agent, conv, { text: 'Just one', attachmentIds: [fits.body.id] })).status).toBe(201);
  });

  it('refuses more than ten files, one named twice, an empty file, no file part and a non-multipart body', async () => {
    const conv = await emailConversation(a, 'count@example.com');
    const ids = Array.from({ length: 11 }, () => crypto.randomUUID());
    const many = await reply(a.keys.agent, conv, { text: 'x', attachmentIds: ids });
    expect(many.status).toBe(422);
    expect(many.contentType).toMatch(/^application\/problem\+json/);
    expect((await reply(a.keys.agent, conv, { text: 'x', attachmentIds: [ids[0], ids[0]] })).status).toBe(422);
    expect((await upload(a.keys.agent, conv, '', 'empty.txt')).status).toBe(422);
    expect((await upload(a.keys.agent, conv, 'x', 'x.txt', 'text/plain', 'other')).status).toBe(422);
    const json = await call(t.app, 'POST', `/api/v1/conversations/${conv}/attachments`, { key: a.keys.agent, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.contentType).toMatch(/^application\/problem\+json/);
  });
});

describe('roles and isolation', () => {
  it('lets viewers download but not upload or remove', async () => {
    const conv = await emailConversation(a, 'roles@example.com');
    expect((await upload(a.keys.viewer, conv, 'x', 'x.txt')).status).toBe(403);
    const f = await upload(a.keys.agent, conv, 'x', 'x.txt');
    expect((await call(t.app, 'DELETE', `/api/v1/conversations/${conv}/attachments/${f.body.id}`, { key: a.keys.viewer })).status).toBe(403);
  });

  it("never lets another workspace or another conversation's upload be sent, seen or removed", async () => {
    const convA = await emailConversation(a, 'iso-a@example.com');
    const otherA = await emailConversation(a, 'iso-a2@example.com');
    const convB = await emailConversation(b, 'iso-b@example.com');
    const fileA = await upload(a.keys.agent, convA, 'secret of A', 'a.txt', 'text/plain');
    // B cannot upload to, download from or remove in A's conversation.
    expect((await upload(b.keys.agent, convA, 'x', 'x.txt')).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/conversations/${convA}/attachments/${fileA.body.id}`, { key: b.keys.viewer })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/conversations/${convA}/attachments/${fileA.body.id}`, { key: b.keys.agent })).status).toBe(404);
    // Nor name A's file in a reply on its own conversation; nor can A's other conversation take it.
    const stolen = await reply(b.keys.agent, convB, { text: 'Look', attachmentIds: [fileA.body.id] });
    expect(stolen.status).toBe(422);
    expect((await reply(a.keys.agent, otherA, { text: 'Wrong thread', attachmentIds: [fileA.body.id] })).status).toBe(422);
    expect(sink.received.some((m) => m.data.includes('Look') || m.data.includes('Wrong thread'))).toBe(false);
    // It still waits for its own conversation.
    expect((await reply(a.keys.agent, convA, { text: 'Yours', attachmentIds: [fileA.body.id] })).status).toBe(201);
  });
});

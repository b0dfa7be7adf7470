import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { and, eq } from 'drizzle-orm';
import { startSmtp } from '../../test/helpers/smtp.js';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { startSmtpReceiver } from './smtp-receiver.js';
import { inboxMessages } from './inbox.tables.js';

const MAX_FILE = 1000;
let t: TestApp;
let a: TestWorkspace;
let sink: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;

beforeAll(async () => {
  sink = await startSmtp();
  t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, INBOX_ATTACHMENT_MAX_BYTES: String(MAX_FILE) } });
  a = await buildWorkspace(t.rt.ctx, 'Mail dropped');
  receiver = await startSmtpReceiver(t.rt.ctx, { port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
  await sink?.close();
});

interface Message { id: string; attachments: { fileName: string; size: number }[]; droppedAttachments: { name: string; sizeBytes: number; reason: string }[] }

describe('mail in over SMTP with a file over INBOX_ATTACHMENT_MAX_BYTES', () => {
  it('keeps the small file, counts only it, and names the dropped one with its size', async () => {
    const inbox = (await call<{ id: string; address: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Support' } })).body;
    const mailer = createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    await mailer.sendMail({
      from: 'dana@example.com',
      to: inbox.address,
      subject: 'Invoice and video',
      text: 'Both files attached.',
      attachments: [
        { filename: 'invoice.txt', content: 'x'.repeat(MAX_FILE) }, // exactly at the limit: kept
        { filename: 'video.bin', content: Buffer.alloc(MAX_FILE + 1, 7) }, // one byte over: dropped
      ],
    });
    const conv = (await call<{ data: { id: string }[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${inbox.id}`, { key: a.keys.viewer })).body.data[0];
    const [m] = (await call<{ data: Message[] }>(t.app, 'GET', `/api/v1/conversations/${conv.id}/messages`, { key: a.keys.viewer })).body.data;
    expect(m.attachments).toMatchObject([{ fileName: 'invoice.txt', size: MAX_FILE }]);
    expect(m.droppedAttachments).toEqual([{ name: 'video.bin', sizeBytes: MAX_FILE + 1, reason: 'too_large' }]);
    const [row] = await t.rt.ctx.db.select().from(inboxMessages).where(and(eq(inboxMessages.workspaceId, a.workspaceId), eq(inboxMessages.id, m.id)));
    expect(row.attachmentCount).toBe(1);
  });
});

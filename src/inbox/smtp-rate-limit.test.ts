import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { startSmtpReceiver } from './smtp-receiver.js';
import { SmtpRateLimiter } from './smtp-rate-limit.js';

describe('SMTP rate limit window', () => {
  it('allows N messages per host in any 60 s and frees them as they age', () => {
    let now = 0;
    const limit = new SmtpRateLimiter(2, () => now);
    expect([limit.take('a'), limit.take('a'), limit.take('a'), limit.take('b')]).toEqual([true, true, false, true]);
    now = 59_999;
    expect(limit.take('a')).toBe(false);
    now = 60_001;
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, false]);
  });
});

let t: TestApp;
let a: TestWorkspace;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'SMTP rate');
  receiver = await startSmtpReceiver(t.rt.ctx, { port: 0, host: '127.0.0.1', ratePerMinute: 3 });
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('SMTP receiver under a flood', () => {
  it('answers 450 to the host once it passed its messages per minute, and stores only what it accepted', async () => {
    const inbox = (await call<{ id: string; address: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Flood' } })).body;
    const mailer = createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    for (let i = 0; i < 3; i++) await mailer.sendMail({ from: `f${i}@example.com`, to: inbox.address, subject: `Mail ${i}`, text: 'Hello' });
    await expect(mailer.sendMail({ from: 'f9@example.com', to: inbox.address, subject: 'One too many', text: 'Hello' })).rejects.toMatchObject({ responseCode: 450 });
    const list = await call<{ data: { subject: string }[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${inbox.id}`, { key: a.keys.viewer });
    expect(list.body.data.map((c) => c.subject).sort()).toEqual(['Mail 0', 'Mail 1', 'Mail 2']);
  });
});

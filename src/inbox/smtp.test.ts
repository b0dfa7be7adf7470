import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { startSmtp, waitFor } from '../../test/helpers/smtp.js';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { startSmtpReceiver } from './smtp-receiver.js';
import { stripQuotedText } from './parse-mail.js';

let t: TestApp;
let a: TestWorkspace;
let sink: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;

beforeAll(async () => {
  sink = await startSmtp();
  t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_INBOUND_MAX_BYTES: '200000' } });
  a = await buildWorkspace(t.rt.ctx, 'Mail A');
  receiver = await startSmtpReceiver(t.rt.ctx, { port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
  await sink?.close();
});

const mailer = () => createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });

interface Conversation { id: string; customerId: string; messageCount: number; subject: string }
interface Message { direction: string; text: string; fullText: string; messageId: string; attachments: { id: string; fileName: string; size: number }[] }

describe('mail in over SMTP', () => {
  it('threads a reply with quoted text into the first mail\'s conversation, on the sender\'s profile', async () => {
    const inbox = (await call<{ id: string; address: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Support' } })).body;
    await mailer().sendMail({ from: 'Dana Berg <dana@example.com>', to: inbox.address, subject: 'Lamp arrived broken', text: 'The lamp was broken when it arrived.', messageId: '<first@example.com>', attachments: [{ filename: 'photo.txt', content: 'pretend this is a photo' }] });
    // As Thunderbird writes a reply: new text on top, an attribution line, the old mail quoted.
    await mailer().sendMail({
      from: 'dana@example.com',
      to: inbox.address,
      subject: 'Re: Lamp arrived broken',
      text: 'Any news?\n\nOn Mon, 1 Jan 2024 at 10:00, Kunde Support <support@example.com> wrote:\n> The lamp was broken when it arrived.\n',
      inReplyTo: '<first@example.com>',
      references: ['<first@example.com>'],
    });
    const list = await call<{ data: Conversation[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${inbox.id}`, { key: a.keys.viewer });
    expect(list.body.data).toHaveLength(1);
    const conv = list.body.data[0];
    expect(conv).toMatchObject({ messageCount: 2, subject: 'Lamp arrived broken' });
    const dana = await call<{ data: { id: string }[] }>(t.app, 'GET', '/api/v1/customers?email=dana%40example.com', { key: a.keys.viewer });
    expect(dana.body.data[0].id).toBe(conv.customerId);
    const msgs = (await call<{ data: Message[] }>(t.app, 'GET', `/api/v1/conversations/${conv.id}/messages`, { key: a.keys.viewer })).body.data;
    expect(msgs[0]).toMatchObject({ direction: 'in', text: 'The lamp was broken when it arrived.', messageId: '<first@example.com>' });
    expect(msgs[0].attachments).toMatchObject([{ fileName: 'photo.txt', size: 23 }]);
    expect(msgs[1].text).toBe('Any news?');
    expect(msgs[1].fullText).toContain('> The lamp was broken');
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conv.id}/attachments/${msgs[0].attachments[0].id}`, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('pretend this is a photo');
    expect(file.headers['content-disposition']).toContain('attachment');

    // Redelivery of the same mail (same Message-ID) stores nothing twice.
    await mailer().sendMail({ from: 'dana@example.com', to: inbox.address, subject: 'Lamp arrived broken', text: 'The lamp was broken when it arrived.', messageId: '<first@example.com>' });
    expect((await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${conv.id}`, { key: a.keys.viewer })).body.messageCount).toBe(2);

    // A client that drops the headers but keeps "Re:" is threaded by subject and sender.
    await mailer().sendMail({ from: 'dana@example.com', to: inbox.address, subject: 'RE: Lamp arrived broken', text: 'Hello?' });
    expect((await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${conv.id}`, { key: a.keys.viewer })).body.messageCount).toBe(3);

    // The agent's reply leaves over SMTP to Dana with threading headers naming her last mail.
    const reply = await call<{ outboxId: string; messageId: string }>(t.app, 'POST', `/api/v1/conversations/${conv.id}/messages`, { key: a.keys.agent, body: { text: 'A new lamp is on its way.' } });
    expect(reply.status).toBe(201);
    const out = await waitFor('the reply at the customer\'s server', () => sink.received.find((m) => m.data.includes('A new lamp is on its way'))?.data);
    expect(out).toMatch(/^To: dana@example\.com/m);
    expect(out).toMatch(/^Subject: Re: Lamp arrived broken/m);
    expect(out).toMatch(new RegExp(`^Message-ID: ${reply.body.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'mi'));
    expect(out).toMatch(/^In-Reply-To: <[^>]+>/m);
    expect(out).toMatch(/^References: .*<first@example\.com>/m);
    expect(out).toMatch(new RegExp(`^Reply-To: ${inbox.address}`, 'm'));

    // Her answer to our reply threads back by In-Reply-To alone.
    await mailer().sendMail({ from: 'dana@example.com', to: inbox.address, subject: 'Thanks', text: 'Great, thanks!', inReplyTo: reply.body.messageId });
    expect((await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${conv.id}`, { key: a.keys.viewer })).body.messageCount).toBe(5);
  });

  it('refuses unknown recipients with 550 and oversized mail with 552', async () => {
    await expect(mailer().sendMail({ from: 'x@example.com', to: 'nobody-here@example.com', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    const inbox = (await call<{ address: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Big' } })).body;
    await expect(mailer().sendMail({ from: 'x@example.com', to: inbox.address, subject: 'big', text: 'x'.repeat(300_000) })).rejects.toMatchObject({ responseCode: 552 });
  });
});

describe('quoted text', () => {
  it('keeps what the customer wrote above the quote, in the usual client formats', () => {
    expect(stripQuotedText('Thanks!\n\n> earlier\n> text')).toBe('Thanks!');
    expect(stripQuotedText('Tak!\n\nDen 1. jan. 2024 kl. 10.00 skrev Kunde <a@b.dk>:\n> hej')).toBe('Tak!');
    expect(stripQuotedText('Fine.\n\n-----Original Message-----\nFrom: A\nSent: today')).toBe('Fine.');
    expect(stripQuotedText('> only a quote')).toBe('> only a quote');
    expect(stripQuotedText('I said:\n> this\nand I meant it')).toBe('I said:\n> this\nand I meant it');
  });
});

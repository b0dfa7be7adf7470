import { createTransport } from 'nodemailer';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { bodyOf, startSmtp } from '../helpers/smtp.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';
import { startSmtpReceiver } from '../../src/inbox/smtp-receiver.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('inbox in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let customerMail: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let address: string;

  beforeAll(async () => {
    customerMail = await startSmtp();
    // Replies leave through the outbox's delivery job, so this server works its queue.
    server = await startDashboardServer({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${customerMail.port}`, INBOUND_DOMAIN: 'in.example.test' } });
    receiver = await startSmtpReceiver(server.t.rt.ctx, { port: 0, host: '127.0.0.1' });
    ws = await buildWorkspace(server.t.rt.ctx, 'Nordic Support');
    const key = ws.keys.admin;
    address = (await call<{ address: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key, body: { type: 'email', name: 'Support' } })).body.address;
    await call(server.t.app, 'POST', '/api/v1/customers', { key, body: { email: 'mette@example.dk', name: 'Mette Hansen', language: 'da' } });
    const canned = await call(server.t.app, 'POST', '/api/v1/canned-replies', {
      key,
      body: { name: 'Parcel on its way', bodies: { en: 'Hi {{customer.firstName}}, your parcel is on its way.', da: 'Hej {{customer.firstName}}, din pakke er på vej. Mvh {{agent.firstName}}' } },
    });
    expect(canned.status).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
    await customerMail?.close();
  });

  it('shows a mail as it arrives, answers it with a canned reply the customer receives, and resolves it', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/inbox');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByText('No conversations match these filters.').waitFor();
    await page.getByRole('status').getByText('Live').waitFor();

    // 1. A customer writes through the SMTP receiver; the page shows it without a reload.
    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate('window.kundeNoReload = true');
    await createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'Mette Hansen <mette@example.dk>',
      to: address,
      subject: 'Where is my parcel?',
      text: 'Hello, I ordered last week <b>and nothing came</b>.',
      messageId: '<order-77@example.dk>',
    });
    const item = page.getByRole('link', { name: /Where is my parcel\?/ });
    await item.waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.kundeNoReload === true')).toBe(true);

    // 2. Open it from the keyboard; the customer's HTML is shown as text, never rendered.
    await page.keyboard.press('j');
    await page.getByRole('heading', { name: 'Where is my parcel?', level: 2 }).waitFor();
    await page.getByText('Hello, I ordered last week <b>and nothing came</b>.').waitFor();
    expect(await page.locator('.inbox-message-text b').count()).toBe(0);
    await page.getByRole('link', { name: 'Mette Hansen' }).waitFor();

    // 3. Reply with the canned reply: the customer's language (da) and first name are filled in.
    await page.getByLabel('Canned reply').selectOption({ label: 'Parcel on its way' });
    const reply = page.getByLabel('Your reply');
    await expect.poll(() => reply.inputValue()).toMatch(/^Hej Mette, din pakke er på vej\. Mvh /);
    // Attach two files, think better of one and remove it before sending.
    await page.getByLabel('Attach files').setInputFiles([
      { name: 'kvittering.txt', mimeType: 'text/plain', buffer: Buffer.from('Ordre 77: betalt') },
      { name: 'forkert.txt', mimeType: 'text/plain', buffer: Buffer.from('wrong file') },
    ]);
    const toSend = page.getByRole('list', { name: 'Files to send' });
    await toSend.getByText('forkert.txt').waitFor();
    await page.getByRole('button', { name: 'Remove forkert.txt' }).click();
    await toSend.getByText('forkert.txt').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent').waitFor();
    const sent = page.locator('.inbox-message-out');
    await sent.getByText(/Hej Mette, din pakke er på vej/).waitFor();
    // The sent message lists its file as a download link, like incoming mail.
    await sent.getByRole('link', { name: /kvittering\.txt/ }).waitFor();
    expect(await toSend.count()).toBe(0);

    // 4. The customer's mail server receives it, threaded on their mail.
    await expect.poll(() => customerMail.received.length, { timeout: 30_000 }).toBe(1);
    const mail = customerMail.received[0].data;
    expect(mail).toContain('To: mette@example.dk');
    expect(mail).toMatch(/In-Reply-To: <order-77@example\.dk>/);
    expect(mail).toContain('Hej Mette');
    const parsed = await simpleParser(mail);
    expect(parsed.attachments.map((f) => [f.filename, f.content.toString()])).toEqual([['kvittering.txt', 'Ordre 77: betalt']]);

    // 5. Resolve: the conversation leaves the list of open ones, and the API agrees.
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await item.waitFor({ state: 'detached' });
    const list = await call<{ data: { status: string; resolvedAt: string | null; firstResponseAt: string | null }[] }>(server.t.app, 'GET', '/api/v1/conversations?status=resolved', { key: ws.keys.viewer });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].resolvedAt).not.toBeNull();
    expect(list.body.data[0].firstResponseAt).not.toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps an unsent draft across a reload and shows who else is viewing', async () => {
    const conv = await call<{ conversationId: string }>(server.t.app, 'POST', '/api/v1/messages', {
      key: ws.keys.agent,
      body: { inboxId: (await call<{ data: { id: string }[] }>(server.t.app, 'GET', '/api/v1/inboxes', { key: ws.keys.viewer })).body.data[0].id, text: 'Can I change my address?', subject: 'Address change', customer: { email: 'soren@example.dk' } },
    });
    const id = conv.body.conversationId;
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/inbox/${id}`);
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Address change', level: 2 }).waitFor();
    await page.getByLabel('Your reply').fill('Dear Søren, yes — ');
    await page.getByText('Draft saved').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Your reply').inputValue()).toBe('Dear Søren, yes — ');

    // A colleague (an API key standing in for a person) opens the same conversation.
    await call(server.t.app, 'POST', '/api/v1/inbox/presence', { key: ws.keys.agent, body: { conversationId: id } });
    await page.getByText(/agent key .*is also viewing/).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('suggests the reply given to a similar resolved conversation, and a click puts it in the draft', async () => {
    // The first test resolved Mette's parcel conversation with the Danish canned reply.
    const inboxId = (await call<{ data: { id: string }[] }>(server.t.app, 'GET', '/api/v1/inboxes', { key: ws.keys.viewer })).body.data[0].id;
    const conv = await call<{ conversationId: string }>(server.t.app, 'POST', '/api/v1/messages', {
      key: ws.keys.agent,
      body: { inboxId, subject: 'Parcel missing', text: 'Hello, my parcel has not come yet. I ordered it last week.', customer: { email: 'jens@example.dk' } },
    });
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/inbox/${conv.body.conversationId}`);
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Parcel missing', level: 2 }).waitFor();
    const suggestions = page.getByTestId('reply-suggestions');
    await suggestions.getByRole('heading', { name: 'Suggested replies from similar resolved conversations' }).waitFor();
    const suggestion = suggestions.getByRole('button', { name: /din pakke er på vej/ });
    await suggestion.getByText(/From “Where is my parcel\?”/).waitFor();
    await suggestion.click();
    await expect.poll(() => page.getByLabel('Your reply').inputValue()).toMatch(/^Hej Mette, din pakke er på vej\./);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pages a long list with "Load more"', async () => {
    const inbox = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'import', name: 'Reviews' } });
    const messages = Array.from({ length: 55 }, (_, i) => ({ messageId: `review-${i}`, author: `reviewer${i}`, inbound: true, text: `Review number ${i}`, subject: `Review ${i}` }));
    expect((await call(server.t.app, 'POST', '/api/v1/conversations/import', { key: ws.keys.agent, body: { inboxId: inbox.body.id, messages } })).status).toBeLessThan(300);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/inbox?inbox=${inbox.body.id}`);
    await signIn(page, ws.email, ws.password);
    const items = page.locator('.conversation-item');
    await expect.poll(() => items.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => items.count()).toBe(55);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    // The oldest arrived last: it is on the second page.
    await page.getByRole('link', { name: /Review 0\b/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends a CSAT survey on resolve once the settings page turns it on, and the conversation shows "CSAT sent", then the score the customer gives', async () => {
    const key = ws.keys.admin;
    const survey = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/surveys/from-template', { key, body: { template: 'support-csat', languages: ['en'] } });
    expect(survey.status).toBe(201);
    // Transactional CSAT opts out of the workspace's fatigue rules (the first test's customer was surveyed by none, but keep it independent).
    expect((await call(server.t.app, 'PATCH', `/api/v1/surveys/${survey.body.id}`, { key, body: { settings: { fatigue: { respectWorkspaceRules: false } } } })).status).toBe(200);
    expect((await call(server.t.app, 'POST', `/api/v1/surveys/${survey.body.id}/publish`, { key })).status).toBe(200);
    const inboxId = (await call<{ data: { id: string }[] }>(server.t.app, 'GET', '/api/v1/inboxes', { key: ws.keys.viewer })).body.data[0].id;
    const conv = await call<{ conversationId: string }>(server.t.app, 'POST', '/api/v1/messages', {
      key: ws.keys.agent,
      body: { inboxId, subject: 'Broken lid', text: 'The lid of my teapot arrived broken.', customer: { email: 'karen@example.dk' } },
    });
    const id = conv.body.conversationId;
    // The customer link is made asynchronously; CSAT needs it to know where to send.
    await expect.poll(async () => (await call<{ customerId: string | null }>(server.t.app, 'GET', `/api/v1/conversations/${id}`, { key: ws.keys.viewer })).body.customerId, { timeout: 20_000 }).not.toBeNull();

    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/settings/inbox-csat');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'CSAT after resolution', level: 2 }).waitFor();
    await page.getByLabel('When an agent resolves a conversation').check();
    await page.getByLabel('Survey', { exact: true }).selectOption({ label: 'Support CSAT' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('CSAT settings saved').waitFor();
    const saved = await call<{ csatAfterResolution: object }>(server.t.app, 'GET', '/api/v1/inbox/settings', { key: ws.keys.viewer });
    expect(saved.body.csatAfterResolution).toEqual({ mode: 'on_resolve', surveyId: survey.body.id, skipAutoResolved: true, minDaysBetween: 7 });

    await page.goto(`/inbox/${id}`);
    await page.getByRole('heading', { name: 'Broken lid', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('csat-status').getByText('CSAT sent').waitFor({ timeout: 20_000 });
    // Not manual mode: nothing to send by hand.
    expect(await page.getByRole('button', { name: 'Send CSAT survey' }).count()).toBe(0);

    // Manual mode (and no waiting days): a new resolution is asked only by the button.
    expect((await call(server.t.app, 'PATCH', '/api/v1/inbox/settings', { key, body: { csatAfterResolution: { mode: 'manual', minDaysBetween: 0 } } })).status).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('button', { name: 'Resolve' }).click();
    const send = page.getByRole('button', { name: 'Send CSAT survey' });
    await send.click();
    await send.waitFor({ state: 'detached' });
    await page.getByTestId('csat-status').getByText('CSAT sent').waitFor();
    const asked = await call<{ data: { trigger: string; status: string }[] }>(server.t.app, 'GET', `/api/v1/conversations/${id}/csat-survey`, { key: ws.keys.viewer });
    expect(asked.body.data.map((r) => [r.trigger, r.status])).toEqual([['manual', 'sent'], ['on_resolve', 'sent']]);

    // Karen answers the latest invitation through the public API: the badge shows her score, live.
    const toKaren = () => customerMail.received.filter((m) => m.to.includes('karen@example.dk'));
    await expect.poll(() => toKaren().length, { timeout: 30_000 }).toBe(2);
    const token = /\/s\/\w+\?t=([\w-]+)/.exec(bodyOf(toKaren()[1].data))![1];
    const slug = (await call<{ slug: string }>(server.t.app, 'GET', `/api/v1/surveys/${survey.body.id}`, { key: ws.keys.viewer })).body.slug;
    const answer = await call(server.t.app, 'POST', `/api/v1/public/surveys/${slug}/responses`, { body: { answers: { csat: 4 }, token, finished: true } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    await page.getByTestId('csat-status').getByText('CSAT: 4/5').waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
    await context.close();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBundle } from '../../src/cli/web-build.js';
import { call } from '../helpers/app.js';
import { startSmtp } from '../helpers/smtp.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { axeViolations } from './axe.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

/*
 * The website chat end to end: an admin creates it in Settings and copies the snippet onto a shop page
 * with a strict CSP; a visitor opens the chat and writes; the agent, on the Inbox page, sees it arrive
 * without reload and answers; the visitor sees the answer without reload and has the conversation
 * mailed to them (real SMTP on loopback).
 */
describe.skipIf(!browserTestsEnabled())('website chat in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let mail: Awaited<ReturnType<typeof startSmtp>>;
  let shop: Server;
  let snippet = '';

  beforeAll(async () => {
    ensureBundle('widget', (m) => console.log(m));
    mail = await startSmtp();
    server = await startDashboardServer({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${mail.port}` } });
    ws = await buildWorkspace(server.t.rt.ctx, 'Nordic Shop');
    // Open round the clock, so the test does not depend on the weekday it runs on.
    const always = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));
    expect((await call(server.t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: ws.keys.admin, body: { weekly: always } })).status).toBe(200);
    shop = createServer((req, res) => {
      const lang = new URL(req.url ?? '/', 'http://x').searchParams.get('lang') === 'da' ? 'da' : 'en';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'none'; script-src 'nonce-shop' ${server.baseUrl}; connect-src ${server.baseUrl}` });
      res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Nordic Shop</title></head><body><h1>Rain jackets</h1>${snippet}</body></html>`);
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await server?.close();
    await mail?.close();
  });

  it('a visitor chats, the agent answers live from the Inbox page, and the transcript arrives by mail', async () => {
    // 1. The admin creates the chat in Settings and copies the snippet.
    const agent = await openDashboard(browser, server.baseUrl);
    await agent.page.goto('/settings/website-chat');
    await signIn(agent.page, ws.email, ws.password);
    await agent.page.getByRole('heading', { name: 'Website chat', level: 2 }).waitFor();
    await agent.page.getByRole('button', { name: 'Create website chat' }).click();
    const pre = agent.page.locator('#chat-snippet');
    await pre.waitFor();
    // The snippet names the configured public URL; this test's server listens on a random port.
    snippet = (await pre.textContent())!.replace(/src="[^"]*\/widget\.js"/, `src="${server.baseUrl}/widget.js"`);
    expect(snippet).toContain(`data-workspace="${ws.workspaceId}"`);
    await agent.page.getByLabel('Colour').waitFor();
    expect(await axeViolations(agent.page)).toEqual([]);

    // 2. The agent keeps the Inbox page open: the chat is live.
    const presence = agent.page.waitForResponse((r) => r.url().endsWith('/api/v1/inbox/presence') && r.ok());
    await agent.page.goto('/inbox');
    await agent.page.getByRole('status').getByText('Live').waitFor();
    await presence;
    await agent.page.evaluate('window.kundeNoReload = true');

    // 3. A visitor on the shop opens the chat and writes (HTML typed by the visitor stays text).
    const visitor = await openDashboard(browser, `http://127.0.0.1:${(shop.address() as AddressInfo).port}`);
    await visitor.page.goto('/jackets');
    await visitor.page.getByRole('button', { name: 'Chat with us' }).click();
    const chat = visitor.page.getByRole('dialog', { name: 'Website chat' });
    await chat.getByText('Hi! How can we help you today?').waitFor();
    await chat.getByLabel('Message').fill('Is the <b>blue</b> rain jacket waterproof?');
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await chat.getByRole('log').getByText('Is the <b>blue</b> rain jacket waterproof?').waitFor();
    await visitor.page.evaluate('window.kundeNoReload = true');

    // 4. The agent sees it arrive without a reload, opens it and answers.
    const item = agent.page.getByRole('link', { name: /Is the <b>blue<\/b> rain jacket waterproof\?/ });
    await item.waitFor({ timeout: 20_000 });
    expect(await agent.page.evaluate('window.kundeNoReload === true')).toBe(true);
    await item.click();
    await agent.page.getByText('Is the <b>blue</b> rain jacket waterproof?', { exact: true }).first().waitFor();
    await agent.page.getByLabel('Your reply').fill('Yes, fully waterproof (10,000 mm).');
    await agent.page.getByRole('button', { name: 'Send reply' }).click();
    await agent.page.getByText('Reply sent').waitFor();

    // 5. The visitor sees the answer without reloading, and asks for the transcript.
    await chat.getByRole('log').getByText('Yes, fully waterproof (10,000 mm).').waitFor({ timeout: 20_000 });
    expect(await visitor.page.evaluate('window.kundeNoReload === true')).toBe(true);
    expect(await chat.locator('b').count()).toBe(0);
    await chat.getByLabel('Your e-mail').fill('freja@example.dk');
    await chat.getByRole('button', { name: 'E-mail me this conversation' }).click();
    await chat.getByText('The conversation is on its way to your inbox.').waitFor();
    expect(await axeViolations(visitor.page)).toEqual([]);

    // 6. The transcript reaches the visitor's mail server.
    await expect.poll(() => mail.received.length, { timeout: 30_000 }).toBe(1);
    const received = mail.received[0].data;
    expect(received).toContain('To: freja@example.dk');
    expect(received).toContain('Subject: Your conversation with Nordic Shop');
    expect(received).toMatch(/You:\r?\nIs the <b>blue<\/b> rain jacket waterproof\?/);
    expect(received).toContain('fully waterproof');
    expect(visitor.problems).toEqual([]);
    expect(agent.problems).toEqual([]);
    await visitor.context.close();
    await agent.context.close();
  });

  it('offers the offline form when nobody is online; the message becomes an offline conversation', async () => {
    const other = await buildWorkspace(server.t.rt.ctx, 'Night Shop');
    const inbox = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key: other.keys.admin, body: { type: 'chat', name: 'Night chat' } });
    snippet = `<script src="${server.baseUrl}/widget.js" data-workspace="${other.workspaceId}" data-chat="${inbox.body.id}" async></script>`;
    const visitor = await openDashboard(browser, `http://127.0.0.1:${(shop.address() as AddressInfo).port}`, { locale: 'da-DK' });
    // A Danish page: the chat speaks Danish.
    await visitor.page.goto('/?lang=da');
    await visitor.page.getByRole('button', { name: 'Chat med os' }).click();
    const chat = visitor.page.getByRole('dialog', { name: 'Night chat' });
    await chat.getByRole('heading', { name: 'Skriv til os' }).waitFor();
    await chat.getByLabel('Dit navn').fill('Ida');
    await chat.getByLabel('Din e-mail').fill('ida@example.dk');
    await chat.getByLabel('Besked').fill('Do you ship to Greenland?');
    await chat.getByRole('button', { name: 'Send besked' }).click();
    await chat.getByText('Tak! Vi svarer dig på e-mail.').waitFor();
    const list = await call<{ data: { tags: string[]; subject: string }[] }>(server.t.app, 'GET', '/api/v1/conversations', { key: other.keys.viewer });
    expect(list.body.data.map((c) => [c.subject, c.tags])).toEqual([['Do you ship to Greenland?', ['offline']]]);
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();
  });
});

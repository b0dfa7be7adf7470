import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBundle } from '../../src/cli/web-build.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard } from './browser.js';

/*
 * The widget on a single-page site: the URL trigger "/thanks" must fire when the site moves there with
 * history.pushState (no page load), which a check at load time alone would miss.
 */
describe.skipIf(!browserTestsEnabled())('widget URL triggers on a single-page site', () => {
  let t: TestApp;
  let base: string;
  let ws: TestWorkspace;
  let browser: Browser;
  let shop: Server;
  let shopUrl: string;

  beforeAll(async () => {
    ensureBundle('widget', (m) => console.log(m));
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ws = await buildWorkspace(t.rt.ctx, 'SPA Shop');
    const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', {
      key: ws.keys.admin,
      body: {
        name: 'After checkout', touchpoint: 'website', channel: 'website', languages: ['en'],
        questions: [{ id: 'q1', type: 'nps', text: { en: 'Would you recommend the shop?' } }],
        settings: { widget: { enabled: true, triggers: [{ type: 'url', match: 'contains', value: '/thanks' }] } },
      },
    });
    expect(created.status).toBe(201);
    await call(t.app, 'POST', `/api/v1/surveys/${created.body.id}/publish`, { key: ws.keys.admin, body: {} });
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'none'; script-src 'nonce-spa' ${base}; connect-src ${base}` });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SPA Shop</title></head>
<body><button id="pay">Pay</button><script nonce="spa">document.getElementById('pay').addEventListener('click', function () { history.pushState({}, '', '/thanks'); });</script>
<script src="${base}/widget.js" data-workspace="${ws.workspaceId}" async></script></body></html>`);
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/checkout`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await t?.close();
  });

  it('shows the survey after history.pushState to a matching URL, not before', async () => {
    const { page, problems } = await openDashboard(browser, base, { viewport: { width: 1000, height: 700 } });
    const configLoaded = page.waitForResponse((r) => r.url().includes('/public/widget/') && r.url().includes('/surveys'));
    await page.goto(shopUrl);
    await configLoaded;
    await page.waitForTimeout(300);
    const dialog = page.getByRole('dialog', { name: 'After checkout' });
    expect(await dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Pay' }).click();
    await dialog.locator('legend', { hasText: 'Would you recommend the shop?' }).waitFor();
    // Going back (popstate) to a URL that does not match shows nothing new and breaks nothing.
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe('/checkout');
    expect(problems).toEqual([]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBundle } from '../../src/cli/web-build.js';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

/*
 * The proof the Surveys issue pins, one flow end to end: a survey built in the dashboard's builder
 * (Danish translations, the website widget switched on there), answered on the hosted page on a
 * phone in Danish, answered through the widget on a shop on another origin, and both answers seen
 * on the dashboard's results page. Nothing is created through the API on the way.
 */
describe.skipIf(!browserTestsEnabled())('surveys end to end: builder → hosted page (da, phone) → widget → results', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let shop: Server;
  let shopUrl: string;
  let surveyId = '';
  let publicUrl = '';

  beforeAll(async () => {
    ensureBundle('widget', (m) => console.log(m));
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Hygge Shop');
    const base = server.baseUrl;
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `default-src 'none'; script-src 'nonce-pr00f' ${base}; connect-src ${base}` });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hygge Shop</title></head>
<body><h1>Your basket</h1><button id="buy">Complete checkout</button>
<script nonce="pr00f">window.kunde = window.kunde || []; document.getElementById('buy').addEventListener('click', function () { kunde.push(['track', 'checkout_done']); });</script>
<script src="${base}/widget.js" data-workspace="${ws.workspaceId}" async></script></body></html>`);
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/checkout`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await server?.close();
  });

  it('builds the survey in the dashboard with Danish texts and the widget on, and publishes it', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/surveys');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('link', { name: 'New survey' }).first().click();
    await page.getByRole('button', { name: 'Start blank' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Checkout NPS');
    await page.getByLabel('Touchpoint', { exact: true }).fill('post-purchase');
    await page.getByRole('checkbox', { name: 'Dansk' }).check();
    await page.getByLabel('Question (en)').first().fill('How likely are you to recommend us?');
    await page.getByLabel('Question (da)').first().fill('Hvor sandsynligt er det, at du vil anbefale os?');
    await page.getByLabel('Question type', { exact: true }).last().selectOption('text');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question (en)').nth(1).fill('What is the main reason for your score?');
    await page.getByLabel('Question (da)').nth(1).fill('Hvad er den vigtigste grund til din score?');
    // The website widget, shown when the shop tracks "checkout_done".
    const widget = page.getByRole('region', { name: 'Website widget' });
    await widget.getByRole('checkbox', { name: 'Show this survey in the website widget' }).check();
    await widget.getByRole('button', { name: 'Add a trigger' }).click();
    await widget.getByLabel('Shown when').selectOption('event');
    await widget.getByLabel('Event name').fill('checkout_done');
    await page.getByRole('group', { name: 'Preview language' }).getByRole('button', { name: 'da' }).click();
    await expect.poll(() => page.getByTestId('survey-preview').textContent()).toContain('Hvor sandsynligt');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Survey saved').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Survey published').waitFor();
    publicUrl = (await page.getByTestId('public-url').textContent()) ?? '';
    surveyId = new URL(page.url()).pathname.split('/')[2];
    const saved = await call<{ languages: string[]; questions: { text: Record<string, string> }[]; settings: { widget: { enabled: boolean; triggers: unknown[] } } }>(server.t.app, 'GET', `/api/v1/surveys/${surveyId}`, { key: ws.keys.admin });
    expect(saved.body.languages).toEqual(['en', 'da']);
    expect(saved.body.questions.map((q) => q.text.da)).toEqual(['Hvor sandsynligt er det, at du vil anbefale os?', 'Hvad er den vigtigste grund til din score?']);
    expect(saved.body.settings.widget).toMatchObject({ enabled: true, triggers: [{ type: 'event', name: 'checkout_done' }] });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is answered on the hosted page on a phone in Danish', async () => {
    expect(publicUrl).toMatch(/\/s\/[A-Za-z0-9]+$/);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { locale: 'da-DK', viewport: { width: 390, height: 844 } });
    await page.goto(new URL(publicUrl).pathname);
    const title = page.locator('legend');
    await expect.poll(() => title.textContent()).toContain('Hvor sandsynligt er det, at du vil anbefale os?');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.locator('label.k-o', { hasText: /^9$/ }).click();
    await expect.poll(() => title.textContent()).toContain('Hvad er den vigtigste grund til din score?');
    await page.getByRole('textbox').fill('Hurtig levering');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Tak!' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is answered through the widget on a shop page', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { viewport: { width: 1200, height: 780 } });
    const configLoaded = page.waitForResponse((r) => r.url().includes('/public/widget/') && r.url().includes('/surveys'));
    await page.goto(shopUrl);
    await configLoaded;
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Checkout NPS' });
    await dialog.locator('legend', { hasText: 'How likely are you to recommend us?' }).waitFor();
    await dialog.locator('label.k-o', { hasText: /^6$/ }).click();
    await dialog.locator('legend', { hasText: 'What is the main reason for your score?' }).waitFor();
    await dialog.getByRole('textbox').fill('Slow delivery');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByRole('heading').filter({ hasText: /Thank/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows both responses in the dashboard results', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/surveys/${surveyId}/results`);
    await signIn(page, ws.email, ws.password);
    // A promoter (9) and a detractor (6): NPS 0 over two finished responses.
    await expect.poll(() => page.getByTestId('finished-count').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('nps-value').textContent()).toBe('0');
    await page.getByRole('cell', { name: 'Hurtig levering' }).waitFor();
    await page.getByRole('cell', { name: 'Slow delivery' }).waitFor();
    const list = await call<{ data: { channel: string; language: string; answers: Record<string, unknown> }[] }>(server.t.app, 'GET', `/api/v1/surveys/${surveyId}/responses?limit=10`, { key: ws.keys.viewer });
    expect(list.body.data.map((r) => `${r.channel} ${r.language} ${String(r.answers.q1)}`).sort()).toEqual(['link da 9', 'website en 6']);
    expect(problems).toEqual([]);
    await context.close();
  });
});

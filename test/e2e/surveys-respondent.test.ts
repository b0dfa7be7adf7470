import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBundle } from '../../src/cli/web-build.js';
import { surveyResponses } from '../../src/surveys/surveys.tables.js';
import { RESPONDENT_SURVEY } from '../../src/surveys/respondent/respondent-fixture.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard } from './browser.js';

const enabled = browserTestsEnabled();
/** Screenshots for people reviewing the look (not compared by the test). */
const SHOTS = process.env.KUNDE_SCREENSHOTS ?? '/tmp';

/*
 * A respondent answers the same survey twice: on the hosted page, on a phone, in Danish (language
 * from the browser); and through the widget embedded in a shop on another origin under a strict CSP
 * (nonce for the shop's own snippet, no inline styles). Both responses are then in the database.
 */
describe.skipIf(!enabled)('survey respondents in Chromium', () => {
  let t: TestApp;
  let base: string;
  let ws: TestWorkspace;
  let survey: { id: string; slug: string };
  let browser: Browser;
  let shop: Server;
  let shopUrl: string;

  beforeAll(async () => {
    ensureBundle('widget', (m) => console.log(m));
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    ws = await buildWorkspace(t.rt.ctx, 'Nordic Shop');
    const created = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: RESPONDENT_SURVEY });
    survey = created.body;
    await call(t.app, 'POST', `/api/v1/surveys/${survey.id}/publish`, { key: ws.keys.admin, body: {} });
    shop = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; script-src 'nonce-sh0p' ${base}; connect-src ${base}; style-src 'nonce-sh0p'; img-src 'self'`,
      });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Nordic Shop</title><style nonce="sh0p">body{font:16px system-ui;margin:0;padding:2rem;background:#fafafa}main{max-width:40rem}button{font:inherit;padding:.6rem 1rem}</style></head>
<body><main><h1>Your basket</h1><p>Wool sweater, 1 × 699 kr.</p><button id="buy">Complete checkout</button></main>
<script nonce="sh0p">window.kunde = window.kunde || []; kunde.push(['identify', { email: 'mette@example.dk' }]);
document.getElementById('buy').addEventListener('click', function () { document.querySelector('h1').textContent = 'Thank you for your order'; kunde.push(['track', 'checkout_done']); });</script>
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

  const responses = () => t.rt.ctx.db.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, ws.workspaceId), eq(surveyResponses.surveyId, survey.id)));

  it('answers on the hosted page on a phone in Danish, saving each answer and resuming after a reload', async () => {
    const { page, problems } = await openDashboard(browser, base, { locale: 'da-DK', viewport: { width: 390, height: 844 } });
    await page.goto(`/s/${survey.slug}`);
    const title = page.locator('legend');
    await expect.poll(() => title.textContent()).toContain('Hvor sandsynligt er det, at du vil anbefale <b>os</b>?');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.screenshot({ path: `${SHOTS}/kunde-survey-page-q1.png` });
    // A tap on a score answers and moves on; the improvement question shows because 3 ≤ 6.
    await page.locator('label.k-o', { hasText: /^3$/ }).click();
    await expect.poll(() => title.textContent()).toContain('Hvad kan vi gøre bedre?');
    expect((await responses())[0]).toMatchObject({ status: 'partial', answers: { q1: 3 } });
    await page.getByRole('textbox').fill('Hurtigere levering');
    await page.getByRole('button', { name: 'Næste' }).click();
    await expect.poll(() => title.textContent()).toContain('Hvad betyder mest for dig?');
    // The page keeps its place: a reload comes back to the question it was on.
    await page.reload();
    await expect.poll(() => title.textContent()).toContain('Hvad betyder mest for dig?');
    await page.getByText('Pris', { exact: true }).click();
    await page.getByText('Andet', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Andet' }).fill('Emballage');
    await page.screenshot({ path: `${SHOTS}/kunde-survey-page-q3.png` });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Tak for dine svar' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/kunde-survey-page-end.png` });
    const [r] = await responses();
    expect(r).toMatchObject({ status: 'finished', language: 'da', channel: 'link', answers: { q1: 3, q2: 'Hurtigere levering', q3: ['price', { other: 'Emballage' }] } });
    expect(problems).toEqual([]);
  });

  it('writes Arabic right to left, and the one-click score waits for a deliberate action', async () => {
    const { page, problems } = await openDashboard(browser, base, { viewport: { width: 390, height: 844 } });
    await page.goto(`/s/${survey.slug}?lang=ar&score=9`);
    await page.locator('legend', { hasText: 'ما مدى احتمال' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/kunde-survey-page-rtl.png` });
    // Loaded, script run, idle: nothing recorded. Then a key press is the respondent's action.
    await page.waitForTimeout(1500);
    const before = (await responses()).length;
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await responses()).length).toBe(before + 1);
    const latest = (await responses()).find((r) => r.language === 'ar');
    expect(latest).toMatchObject({ status: 'partial', answers: { q1: 9 } });
    expect(problems).toEqual([]);
  });

  it('answers through the widget on another site under a strict CSP, triggered by a custom event', async () => {
    const { page, problems } = await openDashboard(browser, base, { viewport: { width: 1200, height: 780 } });
    const csp: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && csp.push(m.text()));
    await page.goto(shopUrl);
    // The feedback button is always there once the widget has its configuration.
    await page.getByRole('button', { name: 'Feedback' }).waitFor();
    await page.getByRole('button', { name: 'Complete checkout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Checkout NPS' });
    await dialog.locator('legend', { hasText: 'How likely are you to recommend <b>us</b>?' }).waitFor();
    await page.waitForTimeout(400); // the panel's entrance animation, for the screenshot
    await page.screenshot({ path: `${SHOTS}/kunde-survey-widget-q1.png` });
    await dialog.locator('label.k-o', { hasText: /^10$/ }).click();
    await dialog.getByRole('heading', { name: 'Thanks, fan!' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/kunde-survey-widget-end.png` });
    const fromWidget = (await responses()).find((x) => x.channel === 'website');
    expect(fromWidget).toMatchObject({ status: 'finished', language: 'en', answers: { q1: 10 }, respondent: { email: 'mette@example.dk' } });
    expect(csp).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('has both responses through the API', async () => {
    const list = await call<{ data: { status: string; channel: string; language: string; answers: Record<string, unknown>; customer: { email: string | null } }[] }>(
      t.app,
      'GET',
      `/api/v1/surveys/${survey.id}/responses?limit=50`,
      { key: ws.keys.admin },
    );
    expect(list.status).toBe(200);
    const finished = list.body.data.filter((r) => r.status === 'finished');
    expect(finished.map((r) => `${r.channel} ${r.language} q1=${String(r.answers.q1)}`).sort()).toEqual(['link da q1=3', 'website en q1=10']);
    expect(finished.find((r) => r.channel === 'website')?.customer.email).toBe('mette@example.dk');
  });
});

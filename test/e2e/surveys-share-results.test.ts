import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { ensureBundle } from '../../src/cli/web-build.js';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

/*
 * Sharing a survey (link, QR preview and download, answers through the code keep its channel and
 * source), the results page (funnel, channel rates, text answers with filters), the quota editor, and
 * the hosted page in dark mode and right to left.
 */

const enabled = browserTestsEnabled();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 AA violations on the page as it is now, as "rule: targets". */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<AxeResults>(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} }, resultTypes: ['violations'] })`);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const both = (en: string, da: string, ar: string) => ({ en, da, ar });
const SURVEY = {
  name: 'Store NPS',
  touchpoint: 'post-purchase',
  channel: 'email',
  languages: ['en', 'da', 'ar'],
  hiddenFields: ['store'],
  questions: [
    { id: 'q1', type: 'nps', required: true, text: both('How likely are you to recommend us?', 'Hvor sandsynligt er det, at du vil anbefale os?', 'ما مدى احتمال أن توصي بنا؟') },
    { id: 'q2', type: 'text', text: both('Why?', 'Hvorfor?', 'لماذا؟') },
  ],
};

describe.skipIf(!enabled)('survey share, results and quotas in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let survey: { id: string; slug: string };

  beforeAll(async () => {
    ensureBundle('widget', () => {});
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Share Shop');
    const c = await call<{ id: string; slug: string }>(server.t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: SURVEY });
    expect(c.status).toBe(201);
    survey = c.body;
    expect((await call(server.t.app, 'POST', `/api/v1/surveys/${survey.id}/publish`, { key: ws.keys.admin })).status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  type Row = { answers: Record<string, unknown>; channel: string; source: string | null; hidden: Record<string, string> };
  const responses = async () => (await call<{ data: Row[] }>(server.t.app, 'GET', `/api/v1/surveys/${survey.id}/responses?limit=200`, { key: ws.keys.admin })).body.data;

  it('shares a link and a QR code whose answers keep their channel, source and hidden field', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/surveys/${survey.id}/share`);
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Share: Store NPS', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('share-url').textContent()).toBe(`${server.t.rt.ctx.config.publicUrl}/s/${survey.slug}`);
    await page.getByLabel('Channel', { exact: true }).selectOption('sms');
    await expect.poll(() => page.getByTestId('share-url').textContent()).toContain('channel=sms');
    await page.getByLabel('Channel', { exact: true }).selectOption('link');
    await page.getByLabel('Source', { exact: true }).fill('poster');
    await page.getByLabel('Hidden field: store').fill('cph-1');
    await expect.poll(() => page.getByTestId('qr-url').textContent()).toContain('hidden.store=cph-1');
    const qrUrl = (await page.getByTestId('qr-url').textContent()) ?? '';
    expect(qrUrl).toContain('channel=qr');
    expect(qrUrl).toContain('source=poster');
    // The preview is drawn, and the PNG download decodes to the link shown under it.
    await expect.poll(() => page.evaluate<boolean>(`(() => { const img = document.querySelector('[data-testid="qr-preview"]'); return img.complete && img.naturalWidth > 0; })()`)).toBe(true);
    const href = await page.getByTestId('download-png').getAttribute('href');
    const png = await page.request.get(href!);
    expect(png.headers()['content-disposition']).toContain('attachment');
    const image = PNG.sync.read(await png.body());
    expect(jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(qrUrl);
    const svg = await page.request.get((await page.getByTestId('download-svg').getAttribute('href'))!);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');

    // Scanning it on a phone: the hosted page (with its script) stores what the code stands for.
    const phone = await openDashboard(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
    await phone.page.goto(qrUrl.replace(server.t.rt.ctx.config.publicUrl, server.baseUrl));
    await phone.page.locator('label.k-o', { hasText: /^9$/ }).click();
    await expect.poll(async () => (await responses()).find((r) => r.answers.q1 === 9)).toMatchObject({ channel: 'qr', source: 'poster', hidden: { store: 'cph-1' } });
    expect([...problems, ...phone.problems]).toEqual([]);
    await phone.context.close();
    await context.close();
  });

  it('shows the funnel, the response rate per channel and filtered text answers', async () => {
    const answer = (body: object) => call(server.t.app, 'POST', `/api/v1/public/surveys/${survey.id}/responses`, { body: { elapsedSeconds: 10, ...body } });
    for (const body of [
      { answers: { q1: 10, q2: 'Lovely staff' }, language: 'en', channel: 'link', finished: true },
      { answers: { q1: 2, q2: 'Queue far too long' }, language: 'en', channel: 'qr', finished: true },
      { answers: { q1: 3, q2: 'Alt for dyrt' }, language: 'da', channel: 'qr', finished: true },
      { answers: { q1: 5 }, language: 'da', channel: 'link', finished: false },
    ]) expect((await answer(body)).status).toBe(201);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/surveys/${survey.id}/results`);
    await signIn(page, ws.email, ws.password);
    const funnel = page.getByTestId('funnel');
    await funnel.getByRole('table').waitFor();
    // q1: 5 reached (4 here + the QR answer of the first test, still partial); q2: the 3 finished.
    const cells = async (name: string) => (await funnel.getByRole('row', { name: new RegExp(name) }).getByRole('cell').allTextContents()).map((s) => s.trim());
    await expect.poll(() => cells('How likely')).toEqual(['5', '5', '2', '40 %']);
    await expect.poll(() => cells('Why\\?')).toEqual(['3', '3', '0', '0 %']);
    // Response rate per channel: qr and link apart, no made-up rate without invitations.
    const channels = page.getByTestId('channel-rates');
    await expect.poll(async () => (await channels.getByRole('row', { name: /^qr/ }).getByRole('cell').allTextContents())).toEqual(['3', '2', '–', '–']);
    // The responses list has a channel column.
    await page.getByRole('columnheader', { name: 'Channel' }).first().waitFor();

    const texts = page.getByTestId('text-answers');
    const shown = () => texts.getByTestId('text-answer').locator('p.text-answer-body').allTextContents();
    await expect.poll(async () => (await shown()).sort()).toEqual(['Alt for dyrt', 'Lovely staff', 'Queue far too long']);
    await texts.getByTestId('text-group').selectOption('detractors');
    await expect.poll(async () => (await shown()).sort()).toEqual(['Alt for dyrt', 'Queue far too long']);
    await texts.getByTestId('text-language').selectOption('da');
    await expect.poll(shown).toEqual(['Alt for dyrt']);
    await texts.getByTestId('text-language').selectOption('');
    await texts.getByTestId('text-search').fill('queue');
    await expect.poll(shown).toEqual(['Queue far too long']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('edits quotas by hidden field and closing by count in the builder', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/surveys/${survey.id}`);
    await signIn(page, ws.email, ws.password);
    const editor = page.getByTestId('quota-editor');
    await editor.waitFor();
    await editor.getByTestId('max-responses').fill('500');
    await editor.getByRole('button', { name: 'Add quota' }).click();
    const quota = editor.getByTestId('quota-0');
    await quota.getByLabel('Name').fill('Copenhagen store');
    await quota.getByLabel('Limit').fill('2');
    await quota.getByLabel('Question or hidden field').selectOption('store');
    await quota.getByLabel('Value').fill('cph-1');
    await editor.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByText('Quotas saved').waitFor();
    const s = await call<{ settings: { closing: { maxResponses: number }; quotas: unknown[] } }>(server.t.app, 'GET', `/api/v1/surveys/${survey.id}`, { key: ws.keys.admin });
    expect(s.body.settings.closing.maxResponses).toBe(500);
    expect(s.body.settings.quotas).toEqual([{ id: 'quota1', name: 'Copenhagen store', limit: 2, action: 'end', when: { match: 'all', conditions: [{ question: 'store', op: 'eq', value: 'cph-1' }] } }]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders the hosted page dark with AA contrast, and Arabic right to left with the scale mirrored as one', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`/s/${survey.slug}?lang=ar`);
    await page.locator('legend', { hasText: 'ما مدى احتمال' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.k-card')).backgroundColor`)).toBe('rgb(23, 27, 45)');
    expect(await axeViolations(page)).toEqual([]);
    // Right to left: 0 on the right and 10 on the left, each end's label on the side of its number.
    const x = async (sel: string) => (await page.locator(sel).first().boundingBox())!.x;
    const zero = await x('label.k-o:has(input[value="0"])');
    const ten = await x('label.k-o:has(input[value="10"])');
    expect(zero).toBeGreaterThan(ten);
    const ends = page.locator('.k-ends > *');
    expect(await ends.first().boundingBox().then((b) => b!.x)).toBeGreaterThan(await ends.last().boundingBox().then((b) => b!.x));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('passes axe (WCAG 2.1 AA) on the share, results and builder pages, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, problems } = await openDashboard(browser, server.baseUrl, { colorScheme });
      await page.goto(`/surveys/${survey.id}/share`);
      await signIn(page, ws.email, ws.password);
      await page.getByRole('heading', { name: 'Share: Store NPS', level: 1 }).waitFor();
      const found: string[] = [];
      const ready: [string, () => Promise<void>][] = [
        [`/surveys/${survey.id}/share`, () => page.getByTestId('qr-url').waitFor()],
        [`/surveys/${survey.id}/results`, () => page.getByRole('heading', { name: 'Responses', level: 2, exact: true }).waitFor()],
        [`/surveys/${survey.id}`, () => page.getByTestId('quota-editor').waitFor()],
      ];
      for (const [path, isReady] of ready) {
        await page.goto(path);
        await isReady();
        await expect.poll(() => page.locator('.loading').count()).toBe(0);
        found.push(...(await axeViolations(page)).map((v) => `${colorScheme} ${path}: ${v}`));
      }
      expect(found).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';
import { seedFeedback } from './text-feedback-seed.js';
import { NPS_SURVEY } from '../../src/surveys/test-kit.js';
import { buildMember } from '../factories.js';
import { waitForTraits } from '../../src/customers/traits.service.js';
import { analyzeSourceTexts } from '../../src/text/text.service.js';
import { sweepUnsynced } from '../../src/surveys/customer-sync.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('feedback (text analytics) dashboard in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer({ work: true });
    ws = await buildWorkspace(server.t.rt.ctx, 'Feedback Shop');
    await seedFeedback(server.t.rt.ctx, ws.workspaceId);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ranks themes, opens a theme\'s comments as plain text, and keeps a corrected sentiment', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/feedback');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Feedback', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('text-count').textContent()).toBe('9');
    if (process.env.SHOTS) await page.screenshot({ path: '/tmp/fb-themes.png', fullPage: true });

    // Delivery is the largest theme; its row opens its comments.
    const themes = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'NPS impact' }) });
    await expect.poll(() => themes.getByRole('row').nth(1).getByRole('rowheader').textContent()).toBe('Delivery');
    await themes.getByRole('link', { name: 'Delivery' }).click();
    await page.getByRole('heading', { name: 'Delivery', level: 2 }).waitFor();
    const comments = page.getByRole('list', { name: 'Comments about Delivery' });
    await comments.getByText('The delivery was late and the parcel was damaged').waitFor();

    // Markup a customer typed is shown as the characters they typed, never run or rendered.
    await comments.getByText('<b>Delivery</b> was slow <img src=x onerror="window.__xss=1">').waitFor();
    expect(await comments.locator('b, img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();

    // Correct the sentiment of one comment: the form opens in place, the change is saved and shown.
    const item = comments.getByTestId('comment').filter({ hasText: 'The delivery was late and the parcel was damaged' });
    await expect.poll(() => item.locator('.badge').first().textContent()).toBe('Negative');
    await item.getByRole('button', { name: /^Correct/ }).click();
    await item.getByRole('radio', { name: 'Neutral' }).check();
    await item.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('Correction saved').waitFor();
    await item.getByText('Corrected').waitFor();
    await expect.poll(() => item.locator('.badge').first().textContent()).toBe('Neutral');

    // Saved for real: the API has it, and a fresh load shows it.
    const stored = await call<{ correctedSentiment: string | null }>(server.t.app, 'GET', '/api/v1/text/analyses/survey_response/seed-1', { key: ws.keys.viewer });
    expect(stored.body.correctedSentiment).toBe('neutral');
    await page.reload();
    const reloaded = page.getByTestId('comment').filter({ hasText: 'The delivery was late and the parcel was damaged' });
    await reloaded.getByText('Corrected').waitFor();

    // The sentiment filter follows the correction.
    await page.getByRole('button', { name: 'Neutral', exact: true }).click();
    // Two neutral comments now: the Danish one the engine found neutral, and the corrected one.
    await expect.poll(() => page.getByTestId('comment').count()).toBe(2);
    await page.getByTestId('comment').filter({ hasText: 'The delivery was late and the parcel was damaged' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows words and theme pairs, tries the engine, and trains the models with progress', async () => {
    const examples = Array.from({ length: 40 }, (_, i) => ({ text: i % 2 ? `the zorp parcel ${i} was klunket` : `the zorp parcel ${i} was glimrende`, sentiment: i % 2 ? 'negative' : 'positive', language: 'en' }));
    expect((await call(server.t.app, 'POST', '/api/v1/text/examples', { key: ws.keys.admin, body: { examples } })).status).toBe(201);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
    await page.goto('/feedback/explore');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Words and phrases customers use' }).waitFor();
    await page.getByRole('list', { name: /Words and phrases/ }).getByText(/^delivery \(in \d+ texts/).waitFor();
    await page.getByRole('heading', { name: 'Themes mentioned together' }).waitFor();

    await page.getByRole('link', { name: 'Try the engine' }).click();
    await page.getByLabel('Texts, one per line').fill('The app crashes every time I pay\nSuper god service');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const results = page.getByRole('table', { name: 'Analysis results' });
    await results.getByRole('cell', { name: 'The app crashes every time I pay' }).waitFor();
    expect(await results.getByRole('row').nth(1).textContent()).toContain('Negative');

    await page.getByRole('link', { name: 'Categories' }).click();
    await page.getByRole('heading', { name: 'Delivery', level: 3 }).waitFor();

    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('heading', { name: 'No trained models yet' }).waitFor();
    await page.getByRole('button', { name: 'Train now' }).click();
    await page.getByText('Training finished').waitFor({ timeout: 60_000 });
    await page.getByRole('rowheader', { name: /English/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a survey comment answered through the public API under its theme, linked to the customer who wrote it', async () => {
    const other = await buildWorkspace(server.t.rt.ctx, 'Survey Feedback');
    const survey = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/surveys', { key: other.keys.admin, body: { ...NPS_SURVEY, touchpoint: 'delivery' } });
    expect(survey.status).toBe(201);
    expect((await call(server.t.app, 'POST', `/api/v1/surveys/${survey.body.id}/publish`, { key: other.keys.admin })).status).toBeLessThan(300);
    const answered = await call(server.t.app, 'POST', `/api/v1/public/surveys/${survey.body.id}/responses`, {
      body: { answers: { q1: 2, q2: 'The courier left the parcel in the rain, delivery was late' }, language: 'en', finished: true, customer: { email: 'rain@example.com' } },
    });
    expect(answered.status).toBeLessThan(300);
    await sweepUnsynced(server.t.rt.ctx);

    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/feedback');
    await signIn(page, other.email, other.password);
    await page.getByRole('link', { name: 'Delivery' }).first().click();
    const item = page.getByTestId('comment').filter({ hasText: 'The courier left the parcel in the rain' });
    await item.waitFor();
    await item.getByText(/NPS 2/).waitFor();
    await item.getByRole('link', { name: 'Customer profile' }).click();
    await page.getByRole('heading', { name: 'rain@example.com', level: 1 }).waitFor();

    // Analysing existing comments again (a backfill run) is idempotent and reports its count when done.
    await page.goto('/feedback/categories');
    await page.getByRole('button', { name: 'Analyse existing comments' }).click();
    await page.getByText('Existing comments analysed: 1.').waitFor({ timeout: 60_000 });
    expect(problems).toEqual([]);
    await context.close();
  });
  it('narrows every view with the filter bar, keeps the filter in a shareable URL, and exports what is shown', async () => {
    const shop = await buildWorkspace(server.t.rt.ctx, 'Filter Shop');
    const now = Date.now();
    const at = (days: number) => new Date(now - days * 86_400_000);
    await analyzeSourceTexts(server.t.rt.ctx.db, shop.workspaceId, [
      { source: 'review', sourceId: 'c1', text: 'The delivery was late', language: 'en', touchpoint: 'checkout', channel: 'web', team: 'DK', occurredAt: at(1) },
      { source: 'review', sourceId: 'c2', text: 'Delivery took ages', language: 'en', touchpoint: 'checkout', channel: 'web', team: 'DK', occurredAt: at(2) },
      { source: 'review', sourceId: 's1', text: 'Too expensive, the price went up again', language: 'en', touchpoint: 'support', channel: 'phone', team: 'TR', occurredAt: at(3) },
      { source: 'review', sourceId: 's2', text: 'Price is far too high', language: 'en', touchpoint: 'support', channel: 'phone', team: 'TR', occurredAt: at(4) },
      { source: 'review', sourceId: 's3', text: 'Prices are high but the delivery was fast', language: 'en', touchpoint: 'support', channel: 'email', team: 'TR', occurredAt: at(5) },
    ]);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/feedback');
    await signIn(page, shop.email, shop.password);
    await expect.poll(() => page.getByTestId('text-count').textContent()).toBe('5');
    const themes = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'NPS impact' }) });
    await expect.poll(() => themes.getByRole('row').count()).toBe(3);

    // Touchpoint "checkout": two texts, and delivery becomes the only theme.
    await page.getByLabel('Touchpoint').selectOption('checkout');
    await expect.poll(() => page.getByTestId('text-count').textContent()).toBe('2');
    expect(new URL(page.url()).searchParams.get('touchpoint')).toBe('checkout');
    await expect.poll(() => themes.getByRole('row').count()).toBe(2);
    expect(await themes.getByRole('row').nth(1).getByRole('rowheader').textContent()).toBe('Delivery');
    expect(await page.getByRole('link', { name: 'Download CSV: themes' }).getAttribute('href')).toContain('touchpoint=checkout');

    // The URL is the view: opened fresh, it shows the same filter and numbers.
    const shared = page.url();
    await page.goto('about:blank');
    await page.goto(shared);
    await expect.poll(() => page.getByTestId('text-count').textContent()).toBe('2');
    expect(await page.getByLabel('Touchpoint').inputValue()).toBe('checkout');

    // Filters combine; the drill-down, the tabs and the export follow them.
    await page.getByLabel('Touchpoint').selectOption('');
    await page.getByLabel('Team').selectOption('TR');
    await expect.poll(() => page.getByTestId('text-count').textContent()).toBe('3');
    await themes.getByRole('link', { name: 'Delivery' }).click();
    await page.getByRole('heading', { name: 'Delivery', level: 2 }).waitFor();
    await expect.poll(() => page.getByTestId('comment').count()).toBe(1);
    await page.getByTestId('comment').filter({ hasText: 'Prices are high but the delivery was fast' }).waitFor();
    expect(await page.getByLabel('Team').inputValue()).toBe('TR');
    const exportHref = await page.getByRole('link', { name: 'Download CSV: comments about Delivery' }).getAttribute('href');
    expect(exportHref).toContain('team=TR');
    expect(exportHref).toContain('theme=delivery');
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), exportHref ?? '');
    expect(csv).toContain('Prices are high but the delivery was fast');
    expect(csv).not.toContain('The delivery was late');

    await page.getByRole('link', { name: 'Words and pairs' }).click();
    await page.getByRole('heading', { name: 'Key phrases across languages' }).waitFor();
    expect(new URL(page.url()).searchParams.get('team')).toBe('TR');
    await page.getByRole('list', { name: /Key phrases/ }).getByText(/^price \(in 3 texts/).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('list', { name: /Key phrases/ }).getByText(/^delivery \(in 3 texts/).waitFor();
    expect(new URL(page.url()).searchParams.has('team')).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('lists feature requests with the value of the askers; status and a confirmed notify only for roles that manage', async () => {
    const shop = await buildWorkspace(server.t.rt.ctx, 'Request Shop');
    const buyers = await call<{ results: { customerId: string }[] }>(server.t.app, 'POST', '/api/v1/events', {
      key: shop.keys.admin,
      body: { events: [
        { type: 'purchase', customer: { email: 'ann@example.com' }, properties: { amount: 10_000, currency: 'EUR' } },
        { type: 'purchase', customer: { email: 'bo@example.com' }, properties: { amount: 2_500, currency: 'EUR' } },
      ] },
    });
    const [ann, bo] = buyers.body.results.map((r) => r.customerId);
    await waitForTraits(server.t.rt.ctx, shop.workspaceId);
    await analyzeSourceTexts(server.t.rt.ctx.db, shop.workspaceId, [
      { source: 'survey_response', sourceId: 'q1', text: 'Please add Apple Pay to the app', language: 'en', customerId: ann },
      { source: 'survey_response', sourceId: 'q2', text: 'Det ville være godt hvis appen kunne vise ordrestatus', language: 'da', customerId: bo },
    ]);
    const viewer = await buildMember(server.t.rt.ctx, shop.workspaceId, 'viewer');

    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/feedback/requests');
    await signIn(page, shop.email, shop.password);
    const topics = page.getByTestId('request-topics');
    const row = topics.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'app' }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('125.00');

    await row.getByLabel('Status of app').selectOption('planned');
    await page.getByText('app is now Planned').waitFor();
    const stored = await call<{ data: { topic: string; status: string; notifiedCount: number }[] }>(server.t.app, 'GET', '/api/v1/text/requests', { key: shop.keys.viewer });
    expect(stored.body.data.find((x) => x.topic === 'app')?.status).toBe('planned');

    // Notify: write, review the recipients, and nothing is sent until confirmed.
    await row.getByRole('button', { name: 'Notify customers: app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Notify the customers who asked for app' });
    await dialog.getByLabel('Message').fill('Apple Pay and order status arrive next week.');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByText(/Recipients: 2\./).waitFor();
    const before = await call<{ data: { subject: string }[] }>(server.t.app, 'GET', '/api/v1/outbox', { key: shop.keys.admin });
    expect(before.body.data.filter((m) => m.subject === 'News about your request: app')).toHaveLength(0);
    await dialog.getByRole('button', { name: 'Send to 2' }).click();
    await page.getByText('E-mails queued: 2').waitFor();
    const outbox = await call<{ data: { subject: string }[] }>(server.t.app, 'GET', '/api/v1/outbox', { key: shop.keys.admin });
    expect(outbox.body.data.filter((m) => m.subject === 'News about your request: app')).toHaveLength(2);
    await row.getByText(/2 told on/).waitFor();
    expect(problems).toEqual([]);
    await context.close();

    // A viewer sees the list, the status and the value, but no actions and no export.
    const asViewer = await openDashboard(browser, server.baseUrl);
    await asViewer.page.goto('/feedback/requests');
    await signIn(asViewer.page, viewer.email, viewer.password);
    const viewerRow = asViewer.page.getByTestId('request-topics').getByRole('row').filter({ has: asViewer.page.getByRole('rowheader', { name: 'app' }) });
    await viewerRow.getByText('Planned').waitFor();
    expect(await asViewer.page.getByRole('combobox', { name: 'Status of app' }).count()).toBe(0);
    expect(await asViewer.page.getByRole('button', { name: /Notify/ }).count()).toBe(0);
    expect(await asViewer.page.getByRole('link', { name: /Download/ }).count()).toBe(0);
    expect(asViewer.problems).toEqual([]);
    await asViewer.context.close();
  }, 120_000);
});

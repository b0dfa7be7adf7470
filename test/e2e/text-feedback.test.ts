import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';
import { seedFeedback } from './text-feedback-seed.js';
import { NPS_SURVEY } from '../../src/surveys/test-kit.js';
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
});

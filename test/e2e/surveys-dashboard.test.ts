import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('survey builder and results in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Survey Shop');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds a survey from a blank start, previews it in Danish, publishes it and shows the answers that arrive', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/surveys');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No surveys yet' }).waitFor();

    // 1. Start blank, name it, add Danish, write the Danish text, add a follow-up text question.
    await page.getByRole('link', { name: 'New survey' }).first().click();
    await page.getByRole('button', { name: 'Start blank' }).click();
    await page.getByLabel('Name', { exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Delivery NPS');
    await page.getByLabel('Touchpoint', { exact: true }).fill('delivery');
    await page.getByRole('checkbox', { name: 'Dansk' }).check();
    await page.getByLabel('Question (da)').first().fill('Hvor sandsynligt er det, at du vil anbefale os?');
    await page.getByLabel('Question type', { exact: true }).last().selectOption('text');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question (en)').nth(1).fill('What should we improve?');
    await page.getByLabel('Question (da)').nth(1).fill('Hvad kan vi gøre bedre?');

    // The phone preview follows the texts in each language.
    await page.getByRole('group', { name: 'Preview language' }).getByRole('button', { name: 'da' }).click();
    await expect.poll(() => page.getByTestId('survey-preview').textContent()).toContain('Hvor sandsynligt');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Survey saved').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Survey published').waitFor();
    const publicUrl = await page.getByTestId('public-url').textContent();
    expect(publicUrl).toMatch(/\/s\/[A-Za-z0-9]+$/);

    // 2. Two respondents answer through the public API; the results page shows them.
    const id = new URL(page.url()).pathname.split('/')[2];
    for (const [score, comment] of [[10, 'Hurtig levering'], [3, 'For langsom']] as const) {
      const res = await call(server.t.app, 'POST', `/api/v1/public/surveys/${id}/responses`, { body: { answers: { q1: score, q2: comment }, language: 'da', finished: true } });
      expect(res.status).toBeLessThan(300);
    }
    await page.getByRole('link', { name: 'Results' }).click();
    await expect.poll(() => page.getByTestId('finished-count').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('nps-value').textContent()).toBe('0');
    await page.getByRole('cell', { name: 'For langsom' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('CLV gross margin setting in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Margin Shop');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes a percentage, refuses one outside 0–100, and CLV uses it by default', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/settings/workspace');
    await signIn(page, ws.email, ws.password);
    const panel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Customer lifetime value', level: 2 }) });
    const field = panel.getByLabel('Gross margin (%)');
    await field.waitFor();
    expect(await field.inputValue()).toBe('100');

    await field.fill('0');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Enter a percentage above 0 and at most 100.').waitFor();

    await field.fill('25');
    await panel.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Gross margin saved').waitFor();
    const clv = await call<{ margin: number; marginSource: string }>(server.t.app, 'GET', '/api/v1/metrics/clv', { key: ws.keys.viewer });
    expect(clv.body).toMatchObject({ margin: 0.25, marginSource: 'workspace' });

    await page.reload();
    await expect.poll(() => page.locator('section.panel', { has: page.getByRole('heading', { name: 'Customer lifetime value', level: 2 }) }).getByLabel('Gross margin (%)').inputValue()).toBe('25');
    expect(problems).toEqual([]);
  });
});

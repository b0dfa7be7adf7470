import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { insertResponses } from '../response-rows.js';
import { NPS_SURVEY } from '../../src/surveys/test-kit.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('overview and analytics in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Retail');
    const make = async (name: string, touchpoint: string) => {
      const c = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: { ...NPS_SURVEY, name, touchpoint } });
      return c.body.id;
    };
    const store = await make('Store visit', 'store');
    const web = await make('Web order', 'web');
    const recent = new Date(Date.now() - 2 * 86_400_000);
    // Store: 3 promoters, 1 detractor (NPS 50); web: 2 promoters (NPS 100). All: 5 of 6 promoters… NPS 66.7.
    await insertResponses(server.t.rt.ctx.db, ws.workspaceId, store, [10, 9, 10, 2].map((s) => ({ answers: { q1: s }, createdAt: recent, touchpoint: 'store' })));
    await insertResponses(server.t.rt.ctx.db, ws.workspaceId, web, [10, 9].map((s) => ({ answers: { q1: s }, createdAt: recent, touchpoint: 'web' })));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows headline NPS with its interval, filters by survey, and drills into a touchpoint', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/');
    await signIn(page, ws.email, ws.password);
    const card = page.getByTestId('metric-nps');
    await card.getByText('+66.7').waitFor();
    await card.getByText(/±/).waitFor();
    await card.getByText('Based on 6 answers').waitFor();
    await card.getByText('Fewer than 30 answers: read with care.').waitFor();

    await page.getByTestId('overview-survey').selectOption({ label: 'Store visit' });
    await card.getByText('+50').waitFor();
    await card.getByText('Based on 4 answers').waitFor();

    // Analytics by touchpoint: the breakdown's data table lists both; a click on the store bar drills in.
    await page.goto('/analytics?metric=nps&groupBy=touchpoint&interval=week');
    const breakdown = page.getByRole('region', { name: 'NPS by Touchpoint' });
    await breakdown.getByText('Show the data as a table').click();
    await breakdown.getByRole('cell', { name: 'store' }).waitFor();
    await breakdown.getByRole('cell', { name: 'web' }).waitFor();
    const chart = breakdown.getByRole('img', { name: 'NPS by Touchpoint' });
    const box = (await chart.boundingBox())!;
    // Groups are ordered by n: store (4) first, in the left half; a click in its column drills in.
    await page.mouse.click(box.x + 40 + (box.width - 48) * 0.25, box.y + box.height / 2);
    await page.waitForURL(/touchpoint=store/);
    await page.getByText('Showing only').waitFor();
    expect(problems).toEqual([]);
  });
});

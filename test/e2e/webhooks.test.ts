import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { call } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('Settings → Webhooks in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Reviews');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('makes a review-reply hook: only outgoing messages of the ticked inbox', async () => {
    const reviews = (await call<{ id: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'import', name: 'Trustpilot reviews', channel: 'trustpilot' } })).body.id;
    await call(server.t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'api', name: 'Shop' } });
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/settings/webhooks');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Webhooks', level: 2 }).waitFor();
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/review-replies');
    await page.getByLabel('Messages').selectOption('out');
    await page.getByRole('checkbox', { name: /Trustpilot reviews/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ hasText: '127.0.0.1:9/review-replies' });
    await row.getByText('only outgoing messages (replies)').waitFor();
    await row.getByText('only in Trustpilot reviews').waitFor();
    const list = await call<{ data: { messageDirection: string | null; inboxIds: string[] }[] }>(server.t.app, 'GET', '/api/v1/webhooks', { key: ws.keys.admin });
    expect(list.body.data).toMatchObject([{ messageDirection: 'out', inboxIds: [reviews] }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

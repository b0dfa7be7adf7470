import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { daysAgo, defineAttributeTypes, insertCustomer, insertEvents } from '../customer-rows.js';
import { browserTestsEnabled, expectBands, launchBrowser, openDashboard, signIn, startDashboardServer, waitForNoSpinner, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<AxeResults>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`);
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!enabled)('churn page in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer({ work: true });
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Telecom');
    const db = server.t.rt.ctx.db;
    await defineAttributeTypes(db, ws.workspaceId, { Contract: 'string', tenure: 'number', Churn: 'boolean' });
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 240; i++) {
      const monthly = rnd() < 0.5;
      const tenure = Math.floor(rnd() * 60);
      const churned = rnd() < (monthly ? 0.7 : 0.15) - tenure / 200;
      const id = await insertCustomer(db, ws.workspaceId, {
        externalId: `t-${i}`, name: `Customer ${i}`, firstSeenAt: daysAgo(300),
        attributes: { Contract: monthly ? 'Month-to-month' : 'Two year', tenure, ...(i % 4 ? { Churn: churned } : {}) },
        orderCount: 1 + (i % 3), totalSpend: 5000 * (1 + (i % 3)), avgOrderValue: 5000, firstPurchaseAt: daysAgo(200 - (i % 90)),
      });
      await insertEvents(db, ws.workspaceId, id, Array.from({ length: 1 + (i % 3) }, (_, k) => ({ type: 'purchase', occurredAt: daysAgo(200 - (i % 90) - k * 40), amount: 5000, currency: 'EUR' })));
    }
    const train = await call(server.t.app, 'POST', '/api/v1/analytics/churn-model/train', { key: ws.keys.admin, body: { label: { attribute: 'Churn', positive: 'Yes' } } });
    expect(train.status).toBe(200);
    expect((await call(server.t.app, 'POST', '/api/v1/analytics/clv-model/fit', { key: ws.keys.admin, body: {} })).status).toBe(200);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the model, its calibration table, customers at risk (paged, linked) and the cohort heat-map; axe finds nothing', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('link', { name: 'Churn' }).click();
    await page.getByRole('heading', { name: 'Churn and retention', level: 1 }).waitFor();
    const auc = Number(await page.getByTestId('churn-auc').textContent());
    expect(auc).toBeGreaterThan(0.6);
    const calibration = page.getByRole('figure', { name: 'Calibration (reliability diagram)' });
    await calibration.getByText('Show the data as a table').click();
    await calibration.getByRole('columnheader', { name: 'Observed churn' }).waitFor();

    await page.getByLabel('Risk at least').selectOption({ label: '≥ 50 %' });
    const atRisk = page.getByTestId('at-risk');
    await atRisk.locator('tbody tr').first().waitFor();
    const before = await atRisk.locator('tbody tr').count();
    expect(before).toBeLessThanOrEqual(25);
    if (before === 25) {
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => atRisk.locator('tbody tr').count()).toBeGreaterThan(25);
    }
    await page.getByTestId('cohort-heatmap').waitFor();
    // The churn and retention trend draws each rate with its interval band.
    await expectBands(page, 1);
    await waitForNoSpinner(page);
    expect(await axeViolations(page)).toEqual([]);

    const first = atRisk.locator('tbody tr').first().getByRole('link');
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(problems).toEqual([]);
  }, 180_000);

  it('trains from the page and follows training, then scoring, to the end', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/analytics/churn');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('button', { name: 'Train now' }).click();
    await page.getByText('The churn model is trained and every customer scored.').waitFor({ timeout: 120_000 });
    expect(problems).toEqual([]);
  }, 180_000);
});

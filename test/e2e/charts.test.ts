import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The drawn text labels of an ECharts SVG, with their boxes on screen. */
async function labelBoxes(chart: Locator): Promise<Box[]> {
  await chart.locator('svg text').first().waitFor();
  const boxes: Box[] = [];
  for (const label of await chart.locator('svg text').all()) {
    const box = await label.boundingBox();
    const text = (await label.textContent())?.trim() ?? '';
    if (box && text && box.width > 0) boxes.push({ text, ...box });
  }
  return boxes;
}

/** Pairs of labels drawn over each other (1 px of antialiasing tolerated). */
function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.x + a.width - 1 <= b.x || b.x + b.width - 1 <= a.x || a.y + a.height - 1 <= b.y || b.y + b.height - 1 <= a.y;
      if (!apart) out.push(`"${a.text}" × "${b.text}"`);
    }
  }
  return out;
}

describe.skipIf(!enabled)('charts on small and large screens', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let segmentId = '';

  beforeAll(async () => {
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Retail');
    for (const [i, country] of ['DK', 'DK', 'SE', 'TR'].entries()) {
      const r = await call(server.t.app, 'POST', '/api/v1/customers', { key: ws.keys.admin, body: { externalId: `c-${i}`, name: `Customer ${i}`, country } });
      expect(r.status).toBeLessThan(300);
    }
    const segment = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/segments', { key: ws.keys.admin, body: { name: 'Danes', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    segmentId = segment.body.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 820 }]] as const) {
    it(`draws every chart's labels apart on a ${name} screen`, async () => {
      const { page, context, problems } = await openDashboard(browser, server.baseUrl, { viewport });
      await page.goto('/customers');
      await signIn(page, ws.email, ws.password);
      const lifecycle = page.locator('.summary-card .chart');
      const lifecycleLabels = await labelBoxes(lifecycle);
      // Every stage is named in full, none squeezed into another.
      for (const stage of ['New', 'Active', 'At risk', 'Churned', 'Reactivated']) expect(lifecycleLabels.map((b) => b.text)).toContain(stage);
      expect(overlaps(lifecycleLabels)).toEqual([]);
      // The chart uses the card's width, not a sliver beside the legend.
      const card = await page.locator('.summary-card').boundingBox();
      const drawn = await lifecycle.boundingBox();
      expect(drawn!.width).toBeGreaterThan(card!.width * 0.6);
      await page.screenshot({ path: `/tmp/kunde-e2e-chart-lifecycle-${name}.png`, fullPage: true });

      await page.goto('/settings/jobs');
      expect(overlaps(await labelBoxes(page.locator('.chart-card .chart')))).toEqual([]);
      await page.screenshot({ path: `/tmp/kunde-e2e-chart-jobs-${name}.png`, fullPage: true });

      await page.goto(`/customers/segments/${segmentId}`);
      expect(overlaps(await labelBoxes(page.locator('.segment-insights .chart')))).toEqual([]);
      await page.screenshot({ path: `/tmp/kunde-e2e-chart-segment-${name}.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

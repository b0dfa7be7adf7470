import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildMember, buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';
import { waitForTraits } from '../../src/customers/traits.service.js';

const enabled = browserTestsEnabled();

// A small export from a shop system: its own id column, a contract type and a monthly amount,
// and one row with a broken e-mail address that the import must reject on its own.
const ROWS = [
  ['customerID', 'name', 'email', 'country', 'Contract', 'MonthlyCharges', 'Churn'],
  ['NR-1001', 'Mette Hansen', 'mette@example.dk', 'DK', 'Month-to-month', '29.85', 'No'],
  ['NR-1002', 'Søren Nielsen', 'soren@example.dk', 'DK', 'One year', '56.95', 'No'],
  ['NR-1003', 'Ida Jensen', 'ida@example.dk', 'DK', 'Month-to-month', '53.85', 'Yes'],
  ['NR-1004', 'Ayşe Yılmaz', 'ayse@example.com.tr', 'TR', 'Month-to-month', '42.30', 'No'],
  ['NR-1005', 'Erik Larsson', 'erik@example.se', 'SE', 'Two year', '70.70', 'No'],
  ['NR-1006', 'Freja Møller', 'freja@example.dk', 'DK', 'Month-to-month', '99.65', 'Yes'],
  ['NR-1007', '王芳', 'wang.fang@example.cn', 'CN', 'Month-to-month', '89.10', 'No'],
  ['NR-1008', 'Broken Row', 'not-an-email', 'DK', 'Month-to-month', '10.00', 'No'],
];
const GOOD_ROWS = ROWS.length - 2;
const MONTHLY_IN_DENMARK = ROWS.slice(1, -1).filter((r) => r[3] === 'DK' && r[4] === 'Month-to-month').length;

describe.skipIf(!enabled)('customers in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let dir: string;
  let csvPath: string;

  beforeAll(async () => {
    // Imports run as background jobs, so this server also works its queue.
    server = await startDashboardServer({ work: true });
    ws = await buildWorkspace(server.t.rt.ctx, 'Nordic Retail');
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'kunde-e2e-'));
    csvPath = join(dir, 'shop-customers.csv');
    writeFileSync(csvPath, ROWS.map((r) => r.join(',')).join('\n') + '\n');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV through the wizard, shows a profile, and builds a segment with a live count', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/customers');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor();

    // 1. Import: choose the file, check the suggested mapping, start, follow the progress to the end.
    await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'New import' }).waitFor();
    await page.getByRole('radio', { name: /^Customers/ }).check();
    await page.getByLabel('CSV file').setInputFiles(csvPath);
    const idField = page.getByLabel('Field for column customerID');
    await idField.waitFor();
    await expect.poll(() => idField.inputValue()).toBe('externalId');
    expect(await page.getByLabel('Field for column email').inputValue()).toBe('email');
    expect(await page.getByLabel('Field for column Contract').inputValue()).toBe('custom');
    expect(await page.getByLabel('Type for column MonthlyCharges').inputValue()).toBe('number');
    await page.screenshot({ path: '/tmp/kunde-e2e-import-mapping.png', fullPage: true });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.waitForURL(/\/customers\/imports\/[0-9a-f-]{36}$/);
    await page.getByText(/^Done: /).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('count-created').textContent()).toBe(String(GOOD_ROWS));
    const report = page.getByRole('link', { name: 'Download the 1 rejected rows (CSV)' });
    const reportCsv = await (await page.request.get((await report.getAttribute('href'))!)).text();
    expect(reportCsv).toContain('not-an-email');
    await page.screenshot({ path: '/tmp/kunde-e2e-import-done.png', fullPage: true });

    // 2. The imported customers are listed; one of them, with some history, has a full profile.
    const [mette] = (await call<{ data: { id: string }[] }>(server.t.app, 'GET', '/api/v1/customers?externalId=NR-1001', { key: ws.keys.owner })).body.data;
    const sent = await call(server.t.app, 'POST', '/api/v1/events', {
      key: ws.keys.owner,
      body: {
        events: [
          { type: 'purchase', customer: { externalId: 'NR-1001' }, channel: 'web', touchpoint: 'checkout', properties: { orderId: 'SO-1', amount: 49900, currency: 'DKK', items: [{ name: 'Rain jacket' }] } },
          { type: 'survey_response', customer: { externalId: 'NR-1001' }, channel: 'email', properties: { metric: 'nps', score: 9, comment: 'Hurtig levering <b>tak</b>' } },
        ],
      },
    });
    expect(sent.status).toBe(200);
    // Traits follow within the staleness bound; the profile below is checked for them at once.
    await waitForTraits(server.t.rt.ctx, ws.workspaceId);
    await page.getByRole('link', { name: 'View customers' }).click();
    await page.getByText(`${GOOD_ROWS} customers`, { exact: true }).waitFor();
    await page.getByLabel('Search').fill('Mette');
    await page.waitForURL(/q=Mette/);
    await page.getByRole('link', { name: 'Mette Hansen' }).click();
    await page.waitForURL(`**/customers/${mette.id}`);
    await page.getByRole('heading', { name: 'Mette Hansen', level: 1 }).waitFor();
    const attributes = page.getByRole('region', { name: 'Attributes' });
    await attributes.getByRole('row', { name: /Contract\s*Month-to-month/ }).waitFor();
    await attributes.getByRole('row', { name: /MonthlyCharges\s*29\.85/ }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Bought Rain jacket for DKK 499.00').waitFor();
    await timeline.getByText('Answered NPS: 9').waitFor();
    // Customer text is text: the markup in the comment is shown, never interpreted.
    await timeline.getByText('Hurtig levering <b>tak</b>').waitFor();
    expect(await page.getByRole('region', { name: 'Customer value and behaviour' }).getByText('Promoter').count()).toBe(1);
    await page.screenshot({ path: '/tmp/kunde-e2e-customer-profile.png', fullPage: true });

    // 3. A segment from the builder: month-to-month contracts in Denmark, with the live count.
    await page.getByRole('navigation', { name: 'Customer sections' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: 'New segment' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Month-to-month in Denmark');
    await page.getByTestId('live-count').getByText(`${GOOD_ROWS} of ${GOOD_ROWS}`).waitFor();
    await page.getByRole('button', { name: '+ Condition' }).click();
    const first = page.locator('.rule-row').nth(0);
    await first.getByLabel('Condition type').selectOption('attribute');
    await first.getByLabel('Attribute', { exact: true }).selectOption('Contract');
    await first.getByLabel('Operator').selectOption('eq');
    await first.getByLabel('Value').fill('Month-to-month');
    await page.getByTestId('live-count').getByText(`5 of ${GOOD_ROWS}`).waitFor();
    await page.getByRole('button', { name: '+ Condition' }).click();
    const second = page.locator('.rule-row').nth(1);
    await second.getByLabel('Field').selectOption('country');
    await second.getByLabel('Value').fill('DK');
    await page.getByTestId('live-count').getByText(`${MONTHLY_IN_DENMARK} of ${GOOD_ROWS}`).waitFor();
    await page.screenshot({ path: '/tmp/kunde-e2e-segment-builder.png', fullPage: true });
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.waitForURL(/\/customers\/segments\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: `Members (${MONTHLY_IN_DENMARK})` }).waitFor();
    await page.getByRole('cell', { name: 'Mette Hansen' }).waitFor();

    // 4. The segment list shows it with the same member count.
    await page.getByRole('link', { name: 'All segments' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Month-to-month in Denmark' }) });
    expect(await card.getByTestId('member-count').textContent()).toBe(String(MONTHLY_IN_DENMARK));
    await page.screenshot({ path: '/tmp/kunde-e2e-segments.png', fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds a note, undoes a merge, exports and erases a customer, and hides those actions from a viewer', async () => {
    // A website visitor who later buys with their e-mail: two profiles, merged by the purchase.
    const t0 = Date.now();
    const events = [
      { type: 'page_view', customer: { anonymousId: `visitor-${t0}` }, channel: 'web', properties: { url: '/sale' } },
      { type: 'purchase', customer: { anonymousId: `visitor-${t0}`, email: `lars-${t0}@example.dk` }, channel: 'web', properties: { amount: 129900, currency: 'DKK' } },
    ];
    await call(server.t.app, 'POST', '/api/v1/events', { key: ws.keys.owner, body: { events: [events[0]] } });
    await call(server.t.app, 'POST', '/api/v1/customers', { key: ws.keys.owner, body: { email: `lars-${t0}@example.dk`, name: 'Lars Holm' } });
    await call(server.t.app, 'POST', '/api/v1/events', { key: ws.keys.owner, body: { events: [events[1]] } });
    const [lars] = (await call<{ data: { id: string }[] }>(server.t.app, 'GET', `/api/v1/customers?email=lars-${t0}@example.dk`, { key: ws.keys.owner })).body.data;

    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto(`/customers/${lars.id}`);
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Lars Holm', level: 1 }).waitFor();

    await page.getByLabel('Note').fill('Called about the delivery; <i>happy</i> now.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Called about the delivery; <i>happy</i> now.').waitFor();

    const merges = page.getByRole('region', { name: 'Merged profiles' });
    await merges.getByText(/Reason: event purchase/).waitFor();
    await merges.getByRole('button', { name: 'Undo merge' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Undo merge' }).click();
    await merges.getByText(/^Undone /).waitFor();
    // The visitor's profile is the older one and kept the page; the e-mail went back to Lars's own profile.
    await expect.poll(() => page.getByRole('region', { name: 'Identities' }).getByText(`lars-${t0}@example.dk`).count()).toBe(0);
    const [own] = (await call<{ data: { id: string }[] }>(server.t.app, 'GET', `/api/v1/customers?email=lars-${t0}@example.dk`, { key: ws.keys.owner })).body.data;
    expect(own.id).not.toBe(lars.id);
    await page.goto(`/customers/${own.id}`);
    await page.getByRole('heading', { name: 'Lars Holm', level: 1 }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export data (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`customer-${own.id}.json`);
    const exported = JSON.parse(await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8')) as { customer: { name: string } };
    expect(exported.customer.name).toBe('Lars Holm');

    await page.getByRole('button', { name: 'Erase customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this customer for good?' });
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type lars-${t0}@example.dk to confirm`).fill(`lars-${t0}@example.dk`);
    await confirm.click();
    await page.getByText(/^Erased /).waitFor();
    expect(await page.getByRole('button', { name: 'Erase customer' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/kunde-e2e-customer-erased.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();

    // A viewer reads profiles but sees no note form, no undo, no privacy actions.
    const viewer = await buildMember(server.t.rt.ctx, ws.workspaceId, 'viewer');
    const other = await openDashboard(browser, server.baseUrl);
    await other.page.goto(`/customers/${lars.id}`);
    await signIn(other.page, viewer.email, viewer.password);
    await other.page.getByRole('heading', { level: 1 }).waitFor();
    await other.page.getByRole('region', { name: 'Attributes' }).waitFor();
    expect(await other.page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
    expect(await other.page.getByRole('button', { name: /Export data|Erase customer|Undo merge/ }).count()).toBe(0);
    expect(other.problems).toEqual([]);
    await other.context.close();
  });
});

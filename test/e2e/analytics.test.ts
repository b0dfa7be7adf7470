import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { insertResponses } from '../response-rows.js';
import { NPS_SURVEY } from '../../src/surveys/test-kit.js';
import { browserTestsEnabled, expectBands, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('overview and analytics in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let nordic: TestWorkspace;
  let delivery = '';

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
    // A second workspace: a survey with two CSAT questions beside NPS, answered by a Dane (12 times) and a Swede (6).
    nordic = await buildWorkspace(server.t.rt.ctx, 'Nordic Goods');
    const key = nordic.keys.admin;
    const created = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/surveys', { key, body: {
      ...NPS_SURVEY, name: 'Delivery check', team: 'fulfilment', languages: ['en'],
      questions: [
        { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
        { id: 'speed', type: 'csat', text: { en: 'How satisfied are you with the delivery speed?' } },
        { id: 'price', type: 'csat', text: { en: 'How satisfied are you with the price?' } },
      ],
    } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    delivery = created.body.id;
    const customer = async (externalId: string, country: string) =>
      (await call<{ id: string }>(server.t.app, 'POST', '/api/v1/customers', { key, body: { externalId, name: externalId, country, attributes: { plan: country === 'DK' ? 'Pro' : 'Free' } } })).body.id;
    const dane = await customer('dk-1', 'DK');
    const swede = await customer('se-1', 'SE');
    expect((await call(server.t.app, 'POST', '/api/v1/segments', { key, body: { name: 'Danes', rules: { all: [{ field: 'country', op: 'eq', value: 'DK' }] } } })).status).toBe(201);
    // NPS follows delivery speed (nps = 2·speed); the price answer varies on its own. Danes: 12 answers, Swedes: 6.
    const rows = Array.from({ length: 18 }, (_, i) => ({ speed: 1 + (i % 5), price: 1 + ((i * 3) % 5), customerId: i < 12 ? dane : swede }));
    await insertResponses(server.t.rt.ctx.db, nordic.workspaceId, delivery, rows.map((r) => ({
      answers: { q1: 2 * r.speed, speed: r.speed, price: r.price }, createdAt: recent, touchpoint: 'post-purchase', team: 'fulfilment', customerId: r.customerId,
    })));
    // Both cancel, giving the same reason spelt two ways.
    const cancellations = [['dk-1', 'Too expensive'], ['se-1', 'too expensive ']].map(([externalId, reason]) => ({ type: 'subscription_cancelled', customer: { externalId }, properties: { reason } }));
    expect((await call(server.t.app, 'POST', '/api/v1/events', { key, body: { events: cancellations } })).status).toBeLessThan(300);
    // Purchases: 100.00 and 60.00 EUR 70 days ago, and the Dane 50.00 more a minute ago (CLV to date 105.00 of 2 buyers).
    const purchases = [['dk-1', 10000, 70 * 86_400_000], ['se-1', 6000, 70 * 86_400_000], ['dk-1', 5000, 60_000]].map(([externalId, amount, ago]) =>
      ({ type: 'purchase', customer: { externalId }, occurredAt: new Date(Date.now() - Number(ago)).toISOString(), properties: { amount, currency: 'EUR' } }));
    expect((await call(server.t.app, 'POST', '/api/v1/events', { key, body: { events: purchases } })).status).toBeLessThan(300);
    // Social reports on the brand's profile: Instagram 50 of 1,000 (5 %), LinkedIn 40 of 500 (8 %); together 90 of 1,500 = 6 %.
    const social = [['instagram', 1000, 50], ['linkedin', 500, 40]].map(([channel, impressions, engagements]) =>
      ({ type: 'social_metrics', customer: { externalId: 'brand' }, occurredAt: recent.toISOString(), channel, properties: { impressions, engagements } }));
    expect((await call(server.t.app, 'POST', '/api/v1/events', { key, body: { events: social } })).status).toBeLessThan(300);
    // Six support conversations, each answered once; three resolved (first-contact resolution 3 of 3).
    const inbox = (await call<{ id: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key, body: { type: 'api', name: 'API' } })).body.id;
    for (let i = 0; i < 6; i++) {
      const m = await call<{ conversationId: string }>(server.t.app, 'POST', '/api/v1/messages', { key: nordic.keys.agent, body: { inboxId: inbox, text: 'Where is my parcel?', customer: { email: `c${i}@example.com` } } });
      expect((await call(server.t.app, 'POST', `/api/v1/conversations/${m.body.conversationId}/messages`, { key: nordic.keys.agent, body: { text: 'On its way.' } })).status).toBeLessThan(300);
      if (i < 3) await call(server.t.app, 'PATCH', `/api/v1/conversations/${m.body.conversationId}`, { key: nordic.keys.agent, body: { status: 'resolved' } });
    }
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

    // Every Overview chart drills: a click in the response volume's last column opens Analytics on
    // the response rate of that day, keeping the survey filter.
    const volume = page.getByRole('img', { name: 'Response volume' });
    await volume.scrollIntoViewIfNeeded();
    const vbox = (await volume.boundingBox())!;
    await page.mouse.click(vbox.x + vbox.width - 24, vbox.y + vbox.height / 2);
    await page.waitForURL(/\/analytics\?metric=response-rate&from=\d{4}-\d\d-\d\d&to=.*interval=day.*surveyId=/);

    // Analytics by touchpoint: the breakdown's data table lists both; a click on the store bar drills in.
    await page.goto('/analytics?metric=nps&groupBy=touchpoint&interval=week');
    const breakdown = page.getByRole('region', { name: 'NPS by Touchpoint' });
    await breakdown.getByText('Show the data as a table').click();
    await breakdown.getByRole('cell', { name: 'store' }).waitFor();
    await breakdown.getByRole('cell', { name: 'web' }).waitFor();
    // Store against web: 4 and 2 answers, so the comparison says it cannot tell.
    const compare = page.getByRole('region', { name: 'Compare two groups' });
    await page.getByTestId('compare-groupA').selectOption('store');
    await page.getByTestId('compare-groupB').selectOption('web');
    await page.waitForURL(/groupA=store.*groupB=web/);
    const result = compare.getByTestId('group-comparison');
    await result.getByText('Too few answers to test', { exact: false }).waitFor();
    await result.getByText('-50', { exact: true }).waitFor();
    await result.getByText('Based on 2 answers').waitFor();
    const chart = breakdown.getByRole('img', { name: 'NPS by Touchpoint' });
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    // Groups are ordered by n: store (4) first, in the left half; a click in its column drills in.
    await page.mouse.click(box.x + 40 + (box.width - 48) * 0.25, box.y + box.height / 2);
    await page.waitForURL(/touchpoint=store/);
    await page.getByText('Showing only').waitFor();
    expect(problems).toEqual([]);
  });

  it('ranks the key drivers of a survey with their table, says n is small, filters by segment, and draws every trend with its band', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/');
    await signIn(page, nordic.email, nordic.password);
    await page.getByTestId('metric-nps').getByText('Based on 18 answers').waitFor();
    await page.goto(`/analytics?metric=nps&surveyId=${delivery}&interval=week`);
    const drivers = page.getByRole('region', { name: 'Key drivers of NPS' });
    await drivers.getByRole('img', { name: 'Key drivers of NPS' }).waitFor();
    await drivers.getByText('Only 18 complete answers', { exact: false }).waitFor();
    await drivers.getByText('Show the data as a table').click();
    // Delivery speed explains NPS completely, so it ranks first; the price second.
    const ranked = drivers.getByRole('row');
    await ranked.nth(1).getByRole('cell', { name: 'How satisfied are you with the delivery speed?' }).waitFor();
    await ranked.nth(2).getByRole('cell', { name: 'How satisfied are you with the price?' }).waitFor();
    await ranked.nth(1).getByRole('cell', { name: 'Higher answer, higher NPS' }).waitFor();
    await drivers.getByRole('button', { name: 'Download CSV' }).waitFor();
    // A customer attribute joins as a driver: the Swedes (Free) average a higher speed, so a higher NPS than Pro.
    await drivers.getByRole('checkbox', { name: 'Plan' }).click();
    await page.waitForURL(/driverAttrs=plan/);
    // The new answer re-renders the section (table closed again); the chart's accessible description names the level.
    await drivers.locator('[aria-label*="Plan = Free"]').first().waitFor({ state: 'attached' });
    await drivers.getByText('Show the data as a table').click();
    const plan = drivers.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Plan = Free' }) });
    await plan.getByRole('cell', { name: 'Higher NPS than Pro' }).waitFor();
    // Two filter changes in the same tick both stick (the second used to start from the stale search and drop the first).
    await page.evaluate(`(() => {
      const pick = (label, value) => {
        const select = [...document.querySelectorAll('label.field')].find((l) => l.querySelector('span')?.textContent === label).querySelector('select');
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, value);
        select.dispatchEvent(new Event('change', { bubbles: true }));
      };
      pick('Interval', 'month');
      pick('Group by', 'touchpoint');
    })()`);
    await page.waitForURL(/groupBy=touchpoint/);
    expect(page.url()).toMatch(/interval=month/);
    expect(page.url()).toMatch(/driverAttrs=plan/);

    // Only the Danes: the filter lands in the address bar and the headline counts their 12 answers.
    await page.getByTestId('scope-segmentId').selectOption({ label: 'Danes' });
    await page.waitForURL(/segmentId=/);
    await page.getByTestId('metric-nps').getByText('Based on 12 answers').waitFor();
    await drivers.getByText('Only 12 complete answers', { exact: false }).waitFor();
    await page.getByText('Showing only').waitFor();
    // The team filter comes from the surveys' teams and narrows the same way.
    await page.getByTestId('scope-team').selectOption('fulfilment');
    await page.waitForURL(/team=fulfilment/);
    await page.getByTestId('metric-nps').getByText('Based on 12 answers').waitFor();

    // Support measures from the inbox (all teams: these conversations have none): FCR 3 of 3; by channel as a table.
    await page.getByTestId('scope-team').selectOption('');
    await page.waitForURL((url) => !url.search.includes('team='));
    await page.getByText('Touchpoint, segment and persona filters apply to survey answers only', { exact: false }).waitFor();
    const support = page.getByRole('region', { name: 'Support' });
    await support.getByTestId('support-fcr').getByText('100 %', { exact: true }).waitFor();
    await support.getByTestId('support-first-response-time').getByText('Based on 6 conversations').waitFor();
    await support.getByTestId('support-fcr').click();
    await page.waitForURL(/support=fcr/);
    await support.getByTestId('support-fcr').and(page.locator('[aria-pressed="true"]')).waitFor();
    // A page filter changed after it merges into the address: the support section keeps its choice.
    await page.getByRole('combobox', { name: /^Interval/ }).selectOption('month');
    await page.waitForURL(/interval=month/);
    expect(new URL(page.url()).searchParams.get('support'), page.url()).toBe('fcr');
    expect(new URL(page.url()).searchParams.get('segmentId')).not.toBeNull();
    await support.getByTestId('support-fcr').getByText('100 %', { exact: true }).waitFor();
    await page.getByTestId('support-group-by').selectOption('channel');
    const byChannel = support.getByRole('region', { name: 'First-contact resolution by Channel' });
    await byChannel.getByText('Show the data as a table').click();
    await byChannel.getByRole('cell', { name: 'api' }).waitFor();
    await page.getByTestId('support-group-by').selectOption('');
    await page.getByTestId('support-first-response-time').click();

    // Social: the engagement rate of both networks, per network as a table; picking LinkedIn narrows the headline.
    const socialSection = page.getByRole('region', { name: 'Social' });
    await socialSection.getByTestId('social-rate').getByText('6 %', { exact: true }).waitFor();
    await socialSection.getByText('90 engagements of 1,500 impressions in 2 reports').waitFor();
    const byNetwork = socialSection.getByRole('region', { name: 'Engagement rate by Network' });
    await byNetwork.getByText('Show the data as a table').click();
    expect(await byNetwork.getByRole('row', { name: /linkedin/ }).getByRole('cell').allTextContents()).toEqual(['linkedin', '8', '5.9298', '10.7107', '40', '500', '1']);
    await byNetwork.getByRole('button', { name: 'Download CSV' }).waitFor();
    await page.getByTestId('social-network').selectOption('linkedin');
    await page.waitForURL(/socialNetwork=linkedin/);
    await socialSection.getByTestId('social-rate').getByText('8 %', { exact: true }).waitFor();
    await socialSection.getByRole('region', { name: 'Engagement rate on linkedin over time' }).locator('.chart[data-trend="1"]').waitFor();
    expect(new URL(page.url()).searchParams.get('segmentId')).not.toBeNull();

    // Never a trend without its interval band: the trend draws a filled band, and a reload keeps the filters.
    await page.reload();
    const trend = page.getByRole('region', { name: 'NPS over time' });
    await trend.locator('.chart[data-trend]').waitFor();
    await expectBands(page, 1);
    expect(await page.getByTestId('scope-segmentId').inputValue()).not.toBe('');
    // The Overview: each headline card has its trend with a band (NPS, CSAT, responses; no CES question here),
    // the NPS trend too; churn, retention and CLV sit beside them.
    await page.goto('/?days=90');
    await expectBands(page, 4);
    await page.getByTestId('overview-churn').waitFor();
    // CLV: historical to date with its trend and band, the change from the month before, the months as a table.
    const clv = page.getByTestId('overview-clv');
    await clv.locator('.chart[data-trend]').waitFor();
    await clv.getByTestId('overview-clv-change').waitFor();
    await clv.getByText('Show the data as a table').click();
    // mean(150.00, 60.00) = 105.00; t-interval 105 ∓ 12.7062 · 45 → −466.78 … 676.78; 2 buyers; 50.00 revenue this month.
    expect((await clv.getByRole('row').last().getByRole('cell').allTextContents()).slice(1)).toEqual(['105', '-466.78', '676.78', '2', '50']);
    await clv.getByRole('button', { name: 'Download CSV' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows why customers left on the churn page: the cancellation reasons with their table', async () => {
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/analytics/churn');
    await signIn(page, nordic.email, nordic.password);
    const reasons = page.getByRole('region', { name: 'Why customers left' });
    await reasons.getByText('2 customers lost in the last 12 months; 2 gave a reason when cancelling.').waitFor();
    await reasons.getByText('Fewer than 30 reasons', { exact: false }).waitFor();
    const figure = reasons.getByRole('region', { name: 'Cancellation reasons' });
    await figure.getByText('Show the data as a table').click();
    const row = figure.getByRole('row', { name: /Too expensive/ });
    await row.waitFor();
    // Reason, customers, share, 95 % low and high (Wilson, 2 of 2: 34.24 … 100).
    expect(await row.getByRole('cell').allTextContents()).toEqual(['Too expensive', '2', '100', '34.24', '100']);
    // Where the Overview's CLV card drills to: historical CLV per month with its band and table.
    const clv = page.getByRole('region', { name: 'Historical CLV per month' });
    await clv.locator('.chart[data-trend]').waitFor();
    await clv.getByText('Show the data as a table').click();
    expect((await clv.getByRole('row').last().getByRole('cell').allTextContents()).slice(1)).toEqual(['105', '-466.78', '676.78', '2', '50']);
    expect(problems).toEqual([]);
  });
});

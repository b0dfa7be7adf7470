import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { call } from '../helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { seedFeedback } from './text-feedback-seed.js';
import { insertResponses } from '../response-rows.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, waitForNoSpinner, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();
// Thirty-one pages, each loaded and audited; on a busy two-core machine that takes minutes.
const AUDIT_TIMEOUT = 420_000;

describe.skipIf(!enabled)('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  const ids = { customer: '', segment: '', persona: '', conversation: '', survey: '' };

  beforeAll(async () => {
    server = await startDashboardServer({ work: true });
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Retail');
    const key = ws.keys.admin;
    // Enough data that every page shows its real content (tables, charts), not its empty state.
    const people = [
      ['c-1', 'Mette Hansen', 'DK'], ['c-2', 'Søren Nielsen', 'DK'], ['c-3', 'Ayşe Yılmaz', 'TR'],
      ['c-4', 'Erik Larsson', 'SE'], ['c-5', '王芳', 'CN'], ['c-6', 'Freja Møller', 'DK'],
    ];
    for (const [externalId, name, country] of people) {
      const r = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/customers', { key, body: { externalId, name, country, email: `${externalId}@example.com` } });
      expect(r.status).toBeLessThan(300);
      ids.customer ||= r.body.id;
    }
    const events = people.slice(0, 3).map(([externalId], i) => ({ type: 'purchase', customer: { externalId }, channel: 'web', properties: { amount: 1000 * (i + 1), currency: 'DKK' } }));
    expect((await call(server.t.app, 'POST', '/api/v1/events', { key, body: { events } })).status).toBeLessThan(300);
    const segment = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/segments', { key, body: { name: 'Danes', rules: { all: [{ field: 'country', op: 'eq', value: 'DK' }] } } });
    expect(segment.status).toBe(201);
    ids.segment = segment.body.id;
    const persona = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/personas', { key, body: { name: 'Nordic regular', avatar: 'preset:loyalist', goals: ['Quick delivery'], rules: { field: 'country', op: 'eq', value: 'DK' } } });
    expect(persona.status).toBe(201);
    ids.persona = persona.body.id;
    await seedFeedback(server.t.rt.ctx, ws.workspaceId);
    const inbox = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key, body: { type: 'email', name: 'Support' } });
    const message = await call<{ conversationId: string }>(server.t.app, 'POST', '/api/v1/messages', { key, body: { inboxId: inbox.body.id, subject: 'Where is my parcel?', text: 'It did not arrive.', customer: { externalId: 'c-1' } } });
    expect(message.status).toBe(201);
    ids.conversation = message.body.conversationId;
    expect((await call(server.t.app, 'POST', '/api/v1/canned-replies', { key, body: { name: 'Thanks', bodies: { en: 'Thank you, {{customer.firstName}}!' } } })).status).toBe(201);
    // An NPS survey with a CSAT question, answered, so Analytics shows its trend, breakdown and key drivers.
    const survey = await call<{ id: string }>(server.t.app, 'POST', '/api/v1/surveys', { key, body: {
      name: 'Delivery check', touchpoint: 'post-purchase', channel: 'email', team: 'fulfilment', languages: ['en'],
      questions: [{ id: 'q1', type: 'nps', text: { en: 'Recommend us?' } }, { id: 'speed', type: 'csat', text: { en: 'Delivery speed?' } }, { id: 'price', type: 'csat', text: { en: 'Price?' } }],
    } });
    expect(survey.status).toBe(201);
    ids.survey = survey.body.id;
    await insertResponses(server.t.rt.ctx.db, ws.workspaceId, ids.survey, Array.from({ length: 12 }, (_, i) => ({
      answers: { q1: 2 * (1 + (i % 5)), speed: 1 + (i % 5), price: 1 + ((i * 3) % 5) }, createdAt: new Date(Date.now() - (i % 3) * 7 * 86_400_000), team: 'fulfilment', customerId: ids.customer,
    })));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The main pages, each with something on it that shows the page has finished loading. */
  const pages = (): [string, (page: Page) => Promise<void>][] => [
    ['/', (p) => p.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()],
    ['/?days=90', (p) => p.getByTestId('metric-nps').getByText('Based on 12 answers').waitFor()],
    [`/analytics?metric=nps&surveyId=${ids.survey}&interval=week&groupBy=team`, (p) => p.getByRole('img', { name: 'Key drivers of NPS' }).waitFor()],
    ['/customers', (p) => p.getByRole('link', { name: 'Mette Hansen' }).waitFor()],
    [`/customers/${ids.customer}`, (p) => p.getByRole('heading', { name: 'Mette Hansen', level: 1 }).waitFor()],
    ['/customers/segments', (p) => p.getByRole('link', { name: 'Danes' }).waitFor()],
    [`/customers/segments/${ids.segment}`, (p) => p.getByLabel('Name', { exact: true }).waitFor()],
    ['/customers/personas', (p) => p.getByRole('heading', { name: 'Nordic regular' }).waitFor()],
    [`/customers/personas/${ids.persona}`, (p) => p.getByRole('heading', { name: 'Nordic regular', level: 1 }).waitFor()],
    ['/customers/imports', (p) => p.getByRole('heading', { name: 'New import' }).waitFor()],
    ['/surveys', (p) => p.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor()],
    ['/feedback', (p) => p.getByRole('heading', { name: 'Themes by volume' }).waitFor()],
    ['/feedback/themes/delivery', (p) => p.getByRole('list', { name: 'Comments about Delivery' }).waitFor()],
    ['/feedback/explore', (p) => p.getByRole('heading', { name: 'Themes mentioned together' }).waitFor()],
    ['/feedback/requests', (p) => p.getByRole('heading', { name: 'Feature requests by topic' }).waitFor()],
    ['/feedback/categories', (p) => p.getByRole('heading', { name: 'Categories and their rules' }).waitFor()],
    ['/feedback/models', (p) => p.getByRole('heading', { name: 'Import labelled examples' }).waitFor()],
    ['/feedback/analyze', (p) => p.getByLabel('Texts, one per line').waitFor()],
    ['/inbox', (p) => p.getByRole('link', { name: /Where is my parcel\?/ }).waitFor()],
    [`/inbox/${ids.conversation}`, (p) => p.getByRole('heading', { name: 'Where is my parcel?', level: 2 }).waitFor()],
    ['/settings/inbox-csat', (p) => p.getByRole('heading', { name: 'CSAT after resolution', level: 2 }).waitFor()],
    ...['Workspace', 'Members', 'API keys', 'Audit log', 'Jobs', 'Webhooks', 'Outbox', 'Canned replies', 'Website chat', 'Profile', 'Sessions', 'Workspaces'].map(
      (section): [string, (page: Page) => Promise<void>] => [
        `/settings/${section.toLowerCase().replace(' ', '-')}`,
        (p) => p.getByRole('heading', { name: section, level: 2, exact: true }).waitFor(),
      ],
    ),
  ];

  async function audit(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark'): Promise<string[]> {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { viewport, colorScheme });
    const found: string[] = [];
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    found.push(...(await axeViolations(page)).map((v) => `/login: ${v}`));
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    for (const [path, isReady] of pages()) {
      await page.goto(path);
      await isReady(page);
      // A page can show several spinners at once (one per panel): wait until none is left.
      await waitForNoSpinner(page);
      found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(problems).toEqual([]);
    await context.close();
    return found;
  }

  it('finds no violation on the main pages of a desktop screen in light mode', async () => {
    expect(await audit({ width: 1280, height: 820 }, 'light')).toEqual([]);
  }, AUDIT_TIMEOUT);

  it('finds no violation on the main pages of a phone screen in dark mode', async () => {
    expect(await audit({ width: 390, height: 844 }, 'dark')).toEqual([]);
  }, AUDIT_TIMEOUT);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { headerOf, startSmtp, waitFor } from '../../../test/helpers/smtp.js';
import { selectRows } from '../../platform/db/client.js';
import { sql } from 'drizzle-orm';
import { NPS_SURVEY } from '../test-kit.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  smtp = await startSmtp();
  // Warnings (a failed job or event listener) reach the test output: they are the first clue when a send is late.
  t = await createTestApp({ work: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cx.acme.example', LOG_LEVEL: 'warn' } });
  a = await buildWorkspace(t.rt.ctx, 'Acme');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

type Invitation = { email: string; status: string; reason: string | null; sentAt: string | null };

/** The trigger jobs as pg-boss holds them (state, retries, errors): appended to a timeout's message. */
async function fireJobs(): Promise<string> {
  const rows = await selectRows(t.rt.ctx.db, sql`select state, retry_count, start_after, started_on, completed_on, output
    from pgboss.job where name = 'survey-trigger-fire' order by created_on`);
  return JSON.stringify(rows, null, 1);
}

/** waitFor a triggered send; the delay plus a retry or two under a loaded CI machine fits in its 60 s. */
async function waitForSend<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  try {
    return await waitFor(what, probe, 60_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; trigger jobs: ${await fireJobs()}`);
  }
}
// Each test waits up to 60 s for its send, so each gets more than vitest's default 30 s.
const SEND_TEST_MS = 90_000;

describe('automatic triggers', () => {
  it('sends the survey after the delay when a matching event happens, not before, and only when the conditions hold', async () => {
    const s = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: { ...NPS_SURVEY, settings: { fatigue: { respectWorkspaceRules: false } } } });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin });
    const DELAY = 4;
    const trig = await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/triggers`, {
      key: a.keys.admin,
      body: { name: 'After big purchases in DK', eventType: 'purchase', delaySeconds: DELAY, eventConditions: [{ field: 'amount', op: 'gte', value: 10000 }], profileConditions: [{ field: 'country', op: 'eq', value: 'DK' }] },
    });
    expect(trig.status).toBe(201);
    const customer = (email: string, country: string) => ({ email, name: email.split('@')[0], country, language: 'da' });
    const event = (email: string, amount: number, id: string) => ({ type: 'purchase', id, customer: { email }, properties: { amount, currency: 'DKK' } });
    // Profiles first, then the events that trigger.
    for (const [email, country] of [['big@example.dk', 'DK'], ['small@example.dk', 'DK'], ['abroad@example.se', 'SE']]) {
      expect((await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: customer(email, country) })).status).toBeLessThan(300);
    }
    const at = Date.now();
    const ingest = await call<{ accepted: number }>(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [event('big@example.dk', 25000, 'o-1'), event('small@example.dk', 500, 'o-2'), event('abroad@example.se', 25000, 'o-3')] } });
    expect(ingest.status, JSON.stringify(ingest.body)).toBeLessThan(300);

    const log = async () => (await call<{ data: Invitation[] }>(t.app, 'GET', `/api/v1/surveys/${s.body.id}/invitations`, { key: a.keys.viewer })).body.data;
    // Before the delay is over nothing was sent or even logged.
    await new Promise((r) => setTimeout(r, (DELAY - 2) * 1000));
    expect(await log()).toEqual([]);
    expect(smtp.received).toHaveLength(0);

    const sent = await waitForSend('the triggered invitation', async () => (await log()).find((i) => i.status === 'sent'));
    expect(sent.email).toBe('big@example.dk');
    expect(Date.parse(sent.sentAt!) - at).toBeGreaterThanOrEqual(DELAY * 1000);
    await waitFor('the mail', () => smtp.received[0]);
    expect(smtp.received.map((m) => m.to[0])).toEqual(['big@example.dk']);
    expect(headerOf(smtp.received[0].data, 'Subject')).toBe('Acme vil gerne høre din mening');
    // The small order failed the event condition, the Swedish customer the profile condition: neither is surveyed.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await log()).map((i) => i.email)).toEqual(['big@example.dk']);
  }, SEND_TEST_MS);

  it('re-checks consent at send time and logs the skip with its reason', async () => {
    const s = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: { ...NPS_SURVEY, name: 'Support CES', settings: { fatigue: { respectWorkspaceRules: false } } } });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/triggers`, { key: a.keys.admin, body: { name: 'After a case', eventType: 'support_case_resolved', delaySeconds: 2 } });
    const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { email: 'case@example.com', name: 'Case' } });
    await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [{ type: 'support_case_resolved', id: 'c-1', customer: { email: 'case@example.com' }, properties: { caseId: 'C-1' } }] } });
    // Consent withdrawn during the delay: the send is skipped with the reason.
    expect((await call(t.app, 'PATCH', `/api/v1/customers/${c.body.id}`, { key: a.keys.admin, body: { surveyConsent: false } })).status).toBe(200);
    const skipped = await waitForSend('the skipped send', async () => (await call<{ data: Invitation[] }>(t.app, 'GET', `/api/v1/surveys/${s.body.id}/invitations`, { key: a.keys.viewer })).body.data.find((i) => i.status === 'skipped'));
    expect(skipped.reason).toMatch(/^no_consent: /);
  }, SEND_TEST_MS);

  it('sends only to customers in the segment a profile condition names, after the delay', async () => {
    const s = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: { ...NPS_SURVEY, name: 'Repeat customers', settings: { fatigue: { respectWorkspaceRules: false } } } });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin });
    // An old support case (history: it triggers nothing) puts one customer in "Had a case".
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [{ type: 'case_opened', id: 'k-1', occurredAt: old, customer: { email: 'case-holder@example.com' } }, { type: 'signup', id: 'k-2', customer: { email: 'newbie@example.com' } }] } });
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.analyst, body: { name: 'Had a case', rules: { event: { type: 'case_opened', withinDays: 90 }, measure: 'count', op: 'gte', value: 1 } } });
    expect(seg.status).toBe(201);
    await waitFor('the segment membership', async () => (await call<{ data: unknown[] }>(t.app, 'GET', `/api/v1/segments/${seg.body.id}/members`, { key: a.keys.admin })).body.data.length === 1 || undefined, 30_000);
    const trig = await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/triggers`, {
      key: a.keys.admin, body: { name: 'Purchases after a case', eventType: 'order_paid', delaySeconds: 2, profileConditions: [{ field: 'segments', op: 'contains', value: seg.body.id }] },
    });
    expect(trig.status).toBe(201);
    await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [{ type: 'order_paid', id: 'p-1', customer: { email: 'case-holder@example.com' } }, { type: 'order_paid', id: 'p-2', customer: { email: 'newbie@example.com' } }] } });
    const log = async () => (await call<{ data: Invitation[] }>(t.app, 'GET', `/api/v1/surveys/${s.body.id}/invitations`, { key: a.keys.viewer })).body.data;
    const sent = await waitForSend('the invitation to the segment member', async () => (await log()).find((i) => i.status === 'sent'));
    expect(sent.email).toBe('case-holder@example.com');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await log()).map((i) => i.email)).toEqual(['case-holder@example.com']);
  }, SEND_TEST_MS);
});

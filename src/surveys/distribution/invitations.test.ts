import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { bodyOf, headerOf, startSmtp, waitFor } from '../../../test/helpers/smtp.js';
import { NPS_SURVEY } from '../test-kit.js';
import { sendDueReminders } from './reminders.js';
import { checkFatigue } from './fatigue.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let a: TestWorkspace;

type Invitation = { id: string; email: string; status: string; reason: string | null; openedAt: string | null; respondedAt: string | null; responseId: string | null; remindersSent: number; customerId: string | null; language: string | null };
type Wave = { id: string; status: string; stats: Record<string, number | null> };

beforeAll(async () => {
  smtp = await startSmtp({ reject: /^bounce/ });
  t = await createTestApp({ work: true, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Acme CX <cx@acme.example>', PUBLIC_URL: 'https://cx.acme.example' } });
  a = await buildWorkspace(t.rt.ctx, 'Acme');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function published(body: object = NPS_SURVEY): Promise<{ id: string; slug: string }> {
  const c = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  expect((await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin })).status).toBe(200);
  return c.body;
}
async function customer(body: object): Promise<string> {
  const r = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body.id;
}
const invitations = async (surveyId: string, query = '') => (await call<{ data: Invitation[]; nextCursor: string | null }>(t.app, 'GET', `/api/v1/surveys/${surveyId}/invitations${query}`, { key: a.keys.viewer })).body;
async function sendWave(surveyId: string, body: object): Promise<Wave> {
  const r = await call<Wave>(t.app, 'POST', `/api/v1/surveys/${surveyId}/invitations`, { key: a.keys.admin, body });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body;
}
/** Waits until no invitation of the wave is queued or being handed to SMTP. */
const settled = (surveyId: string, waveId: string) =>
  waitFor('the wave to be sent', async () => {
    const { data } = await invitations(surveyId, `?waveId=${waveId}`);
    return data.length > 0 && data.every((i) => !['queued', 'sending'].includes(i.status)) ? data : undefined;
  });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

describe('e-mail invitations', () => {
  let survey: { id: string; slug: string };
  let mette: string;
  let metteToken: string;
  let orderToken: string;

  it('sends personalised, localised invitations with one-click scores and unsubscribe headers over SMTP', async () => {
    survey = await published();
    mette = await customer({ email: 'mette@example.dk', name: 'Mette Hansen', language: 'da' });
    const wave = await sendWave(survey.id, { audience: { recipients: [{ email: 'Mette@Example.dk' }, { email: 'john@example.com', name: 'John Smith', hidden: { orderId: 'A-1001' } }] } });
    const sent = await settled(survey.id, wave.id);
    expect(sent.map((i) => [i.email, i.status, i.language]).sort()).toEqual([['john@example.com', 'sent', 'en'], ['mette@example.dk', 'sent', 'da']]);
    expect(sent.find((i) => i.email === 'mette@example.dk')!.customerId).toBe(mette);

    const [da] = mailsTo('mette@example.dk');
    expect(headerOf(da.data, 'Subject')).toBe('Acme vil gerne høre din mening');
    const daBody = bodyOf(da.data);
    expect(daBody).toContain('Hej Mette');
    expect(daBody).toContain('Hvor sandsynligt er det, at du vil anbefale os?');
    expect(headerOf(da.data, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    metteToken = /\/unsubscribe\/([\w-]{22})>/.exec(headerOf(da.data, 'List-Unsubscribe')!)![1];

    const [en] = mailsTo('john@example.com');
    expect(headerOf(en.data, 'Subject')).toBe('Acme would like your feedback');
    const enBody = bodyOf(en.data);
    expect(enBody).toContain('Hi John,');
    expect(enBody).toContain('This is about your order A-1001.');
    const links = [...enBody.matchAll(/https:\/\/cx\.acme\.example\/s\/\w+\?t=([\w-]+)&score=(\d+)/g)];
    expect(new Set(links.map((m) => Number(m[2])))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    // Short, trustworthy links: the longest one-click link stays well under 100 characters.
    expect(Math.max(...links.map((m) => m[0].length))).toBeLessThan(80);
    orderToken = links[0][1];
    expect(orderToken).toHaveLength(22);
  });

  it('opens the survey from a one-click link with the score chosen, recording nothing on the GET', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${survey.slug}?t=${orderToken}&score=9` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('"preselect":{"q":"q1","value":9}');
    const summary = await call<{ responseCount: { total: number } }>(t.app, 'GET', `/api/v1/surveys/${survey.id}/summary`, { key: a.keys.viewer });
    expect(summary.body.responseCount.total).toBe(0);
    const john = (await invitations(survey.id, '?q=john')).data[0];
    expect(john.openedAt).not.toBeNull();
    expect(john.respondedAt).toBeNull();
  });

  it('records the score on the deliberate submit; the token is single use (a second submit updates the same response)', async () => {
    const first = await call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, { body: { answers: { q1: 9 }, token: orderToken, finished: false } });
    expect(first.status).toBe(201);
    const second = await call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, { body: { answers: { q1: 10, q2: 'Fast delivery' }, token: orderToken, finished: true } });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const john = (await invitations(survey.id, '?status=responded')).data;
    expect(john.map((i) => [i.email, i.responseId])).toEqual([['john@example.com', first.body.id]]);
    const responses = await call<{ data: { id: string; hidden: Record<string, string>; channel: string; answers: Record<string, unknown> }[] }>(t.app, 'GET', `/api/v1/surveys/${survey.id}/responses`, { key: a.keys.viewer });
    expect(responses.body.data).toHaveLength(1);
    expect(responses.body.data[0]).toMatchObject({ channel: 'email', hidden: { orderId: 'A-1001' }, answers: { q1: 10, q2: 'Fast delivery' } });
    const forged = await call(t.app, 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, { body: { answers: { q1: 1 }, token: 'AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.status).toBe(422);
  });

  it('reminds only those who have not responded, at most K times, N days apart', async () => {
    expect((await call(t.app, 'PATCH', `/api/v1/surveys/${survey.id}`, { key: a.keys.admin, body: { settings: { reminders: { enabled: true, afterDays: 3, max: 2 } } } })).status).toBe(200);
    const day = 86_400_000;
    const at = (days: number) => new Date(Date.now() + days * day);
    expect(await sendDueReminders(t.rt.ctx, at(1), a.workspaceId)).toEqual({ reminded: 0, held: 0 });
    expect(await sendDueReminders(t.rt.ctx, at(3.1), a.workspaceId)).toEqual({ reminded: 1, held: 0 });
    expect(await sendDueReminders(t.rt.ctx, at(4), a.workspaceId)).toEqual({ reminded: 0, held: 0 });
    // The second reminder counts its days from the first reminder (sent "at 3.1 days").
    expect(await sendDueReminders(t.rt.ctx, at(6.2), a.workspaceId)).toEqual({ reminded: 1, held: 0 });
    expect(await sendDueReminders(t.rt.ctx, at(30), a.workspaceId)).toEqual({ reminded: 0, held: 0 });
    await waitFor('the reminders', () => (mailsTo('mette@example.dk').length === 3 ? true : undefined));
    expect(mailsTo('john@example.com')).toHaveLength(1);
    expect(headerOf(mailsTo('mette@example.dk')[1].data, 'Subject')).toBe('Påmindelse: Acme vil gerne høre din mening');
    // Same link as the first mail: the reminder repeats the token.
    expect(bodyOf(mailsTo('mette@example.dk')[1].data)).toContain(`/unsubscribe/${metteToken}`);
    const log = (await invitations(survey.id, '?status=reminded')).data;
    expect(log.map((i) => [i.email, i.remindersSent])).toEqual([['mette@example.dk', 2]]);
  });

  it('honours the unsubscribe link: GET only asks, the one-click POST records consent on the customer, later sends skip them', async () => {
    const ask = await t.app.inject({ method: 'GET', url: `/unsubscribe/${metteToken}` });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Afmeld');
    expect((await call<{ surveyConsent: boolean }>(t.app, 'GET', `/api/v1/customers/${mette}`, { key: a.keys.viewer })).body.surveyConsent).toBe(true);
    const done = await t.app.inject({ method: 'POST', url: `/unsubscribe/${metteToken}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect((await call<{ surveyConsent: boolean }>(t.app, 'GET', `/api/v1/customers/${mette}`, { key: a.keys.viewer })).body.surveyConsent).toBe(false);
    expect((await t.app.inject({ method: 'POST', url: '/unsubscribe/not-a-token' })).statusCode).toBe(404);

    // A transactional survey ignores the fatigue rules, never consent.
    const csat = await published({ ...NPS_SURVEY, name: 'Support CSAT', settings: { fatigue: { respectWorkspaceRules: false } } });
    const wave = await sendWave(csat.id, { audience: { customerId: mette } });
    const [skipped] = await settled(csat.id, wave.id);
    expect(skipped).toMatchObject({ email: 'mette@example.dk', status: 'skipped' });
    expect(skipped.reason).toMatch(/^unsubscribed: /);
    expect(mailsTo('mette@example.dk')).toHaveLength(3);
  });

  it('skips by fatigue and consent with the reason logged; checkFatigue answers other channels the same', async () => {
    const noConsent = await customer({ email: 'quiet@example.com', name: 'Quiet', surveyConsent: false });
    const fresh = await customer({ email: 'fresh@example.com', name: 'Fresh Person' });
    const other = await published({ ...NPS_SURVEY, name: 'Second survey' });
    const wave = await sendWave(other.id, { audience: { customerIds: [noConsent, fresh] }, language: 'da' });
    const wave2 = await sendWave(other.id, { audience: { recipients: [{ email: 'john@example.com' }] } });
    const log = [...(await settled(other.id, wave.id)), ...(await settled(other.id, wave2.id))];
    const why = Object.fromEntries(log.map((i) => [i.email, `${i.status} ${i.reason?.split(':')[0] ?? ''}`.trim()]));
    expect(why).toEqual({ 'quiet@example.com': 'skipped no_consent', 'fresh@example.com': 'sent', 'john@example.com': 'skipped recently_surveyed' });
    expect(headerOf(mailsTo('fresh@example.com')[0].data, 'Subject')).toBe('Acme vil gerne høre din mening');
    const verdict = await checkFatigue(t.rt.ctx.db, { workspaceId: a.workspaceId, customerId: fresh, email: 'fresh@example.com' });
    expect(verdict).toMatchObject({ allowed: false, reason: 'recently_surveyed' });
    // With the rule at 0 days the same person may be asked again.
    expect((await call(t.app, 'PATCH', '/api/v1/survey-distribution/settings', { key: a.keys.admin, body: { minDaysBetweenSurveys: 0 } })).status).toBe(200);
    expect(await checkFatigue(t.rt.ctx.db, { workspaceId: a.workspaceId, customerId: fresh, email: 'fresh@example.com' })).toEqual({ allowed: true });
    await call(t.app, 'PATCH', '/api/v1/survey-distribution/settings', { key: a.keys.admin, body: { minDaysBetweenSurveys: 30 } });
  });

  it('records a bounce (550 from the server) and skips the address afterwards; reported bounces too', async () => {
    const s = await published({ ...NPS_SURVEY, name: 'Bounce test', settings: { fatigue: { respectWorkspaceRules: false } } });
    const wave = await sendWave(s.id, { audience: { recipients: [{ email: 'bounce@example.com' }, { email: 'soft@example.com' }] } });
    const log = await settled(s.id, wave.id);
    const bounced = log.find((i) => i.email === 'bounce@example.com')!;
    expect(bounced.status).toBe('bounced');
    expect(bounced.reason).toContain('550');
    const again = await sendWave(s.id, { audience: { recipients: [{ email: 'bounce@example.com' }] } });
    expect((await settled(s.id, again.id))[0].reason).toMatch(/^bounced: /);
    const reported = await call<{ status: string }>(t.app, 'POST', '/api/v1/survey-distribution/bounces', { key: a.keys.admin, body: { email: 'soft@example.com', permanent: true, reason: '5.2.2 mailbox full' } });
    expect(reported.status).toBe(200);
    expect(reported.body.status).toBe('bounced');
    expect((await invitations(s.id, '?status=bounced')).data.map((i) => i.email).sort()).toEqual(['bounce@example.com', 'soft@example.com']);
  });

  it('puts the response rate per wave and per channel in the summary and the wave stats', async () => {
    const sum = await call<{ distribution: { invited: number; responded: number; responseRate: number; byChannel: { channel: string; invited: number | null; responseRate: number | null; responses: number }[]; byWave: { invited: number; responded: number; responseRate: number }[] } }>(
      t.app, 'GET', `/api/v1/surveys/${survey.id}/summary`, { key: a.keys.viewer });
    // Two invitations delivered, one answered: 50 %.
    expect(sum.body.distribution).toMatchObject({ invited: 2, responded: 1, responseRate: 50 });
    expect(sum.body.distribution.byWave).toEqual([expect.objectContaining({ invited: 2, responded: 1, responseRate: 50 })]);
    expect(sum.body.distribution.byChannel).toEqual([{ channel: 'email', responses: 1, finished: 1, invited: 2, responseRate: 50 }]);
    const waves = await call<{ data: Wave[] }>(t.app, 'GET', `/api/v1/surveys/${survey.id}/invitation-waves`, { key: a.keys.viewer });
    expect(waves.body.data[0].stats).toMatchObject({ total: 2, sent: 2, opened: 1, responded: 1, finished: 1, reminded: 1, unsubscribed: 1, responseRate: 50 });
  });

  it('previews the e-mail in a language (customer text escaped) and sends a test to the caller', async () => {
    const odd = await customer({ email: 'odd@example.com', name: '<b>Eve</b> & co', language: 'da' });
    const preview = await call<{ subject: string; html: string; language: string }>(t.app, 'POST', `/api/v1/surveys/${survey.id}/invitations/preview`, { key: a.keys.viewer, body: { customerId: odd } });
    expect(preview.status).toBe(200);
    expect(preview.body.language).toBe('da');
    expect(preview.body.html).toContain('Hej &lt;b&gt;Eve&lt;/b&gt;');
    expect(preview.body.html).not.toContain('<b>Eve');
    const en = await call<{ subject: string }>(t.app, 'POST', `/api/v1/surveys/${survey.id}/invitations/preview`, { key: a.keys.viewer, body: { language: 'en', kind: 'reminder' } });
    expect(en.body.subject).toBe('Reminder: Acme would like your feedback');
    const test = await call(t.app, 'POST', `/api/v1/surveys/${survey.id}/invitations/test`, { key: a.keys.admin, body: { to: 'me@acme.example', language: 'da' } });
    expect(test.status).toBe(202);
    const mail = await waitFor('the test mail', () => mailsTo('me@acme.example')[0]);
    expect(headerOf(mail.data, 'Subject')).toBe('[Test] Acme vil gerne høre din mening');
    // An API key has no address of its own.
    expect((await call(t.app, 'POST', `/api/v1/surveys/${survey.id}/invitations/test`, { key: a.keys.admin, body: {} })).status).toBe(422);
  });
});

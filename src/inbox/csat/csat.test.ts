import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { bodyOf, startSmtp, waitFor } from '../../../test/helpers/smtp.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let inboxId: string;
let csatSurvey: { id: string; slug: string };

interface Csat { id: string; conversationId: string; trigger: string; status: string; reason: string | null; delivery: string | null; hidden: Record<string, string>; invitationId: string | null; sentAt: string | null; score: number | null; responseId: string | null }

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ work: true, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Acme CX <cx@acme.example>', PUBLIC_URL: 'https://cx.acme.example' } });
  a = await buildWorkspace(t.rt.ctx, 'CSAT A');
  b = await buildWorkspace(t.rt.ctx, 'CSAT B');
  inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Support' } })).body.id;
  csatSurvey = await supportCsat({ respectWorkspaceRules: false });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** The built-in "Support CSAT" template, published; `fatigue` is the survey's own fatigue setting. */
async function supportCsat(fatigue: { respectWorkspaceRules: boolean }): Promise<{ id: string; slug: string }> {
  const s = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'support-csat', languages: ['en'] } });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  expect((await call(t.app, 'PATCH', `/api/v1/surveys/${s.body.id}`, { key: a.keys.admin, body: { settings: { fatigue } } })).status).toBe(200);
  expect((await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin })).status).toBe(200);
  return s.body;
}
const settings = (csat: object) => call<{ csatAfterResolution: Record<string, unknown> }>(t.app, 'PATCH', '/api/v1/inbox/settings', { key: a.keys.admin, body: { csatAfterResolution: csat } });
async function conversation(email: string, team?: string): Promise<string> {
  const m = await call<{ conversationId: string; customerId: string | null }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'My order is late', customer: { email }, subject: 'Late order' } });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  await waitFor('the customer link', async () => (await call<{ customerId: string | null }>(t.app, 'GET', `/api/v1/conversations/${m.body.conversationId}`, { key: a.keys.viewer })).body.customerId ?? undefined);
  if (team) await call(t.app, 'PATCH', `/api/v1/conversations/${m.body.conversationId}`, { key: a.keys.agent, body: { team } });
  return m.body.conversationId;
}
const patch = (id: string, body: object) => call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body });
const resolve = (id: string, body: object = {}) => patch(id, { status: 'resolved', ...body });
const asked = async (id: string) => (await call<{ data: Csat[] }>(t.app, 'GET', `/api/v1/conversations/${id}/csat-survey`, { key: a.keys.viewer })).body.data;
const askByHand = (id: string) => call<Csat>(t.app, 'POST', `/api/v1/conversations/${id}/csat-survey`, { key: a.keys.agent });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

describe('CSAT after resolution: settings', () => {
  it('is off by default and takes only a published survey with a CSAT question', async () => {
    const s = await call<{ csatAfterResolution: object }>(t.app, 'GET', '/api/v1/inbox/settings', { key: a.keys.viewer });
    expect(s.body.csatAfterResolution).toEqual({ mode: 'off', surveyId: null, skipAutoResolved: true, minDaysBetween: 7 });
    expect((await settings({ mode: 'on_resolve' })).status).toBe(422);
    const nps = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'post-purchase-nps', languages: ['en'] } });
    expect(nps.status).toBe(201);
    expect((await settings({ mode: 'manual', surveyId: nps.body.id })).status).toBe(422);
    const draft = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'support-csat', languages: ['en'] } });
    const refused = await settings({ mode: 'on_resolve', surveyId: draft.body.id });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await settings({ mode: 'manual', surveyId: '0190aaaa-0000-7000-8000-000000000000' })).status).toBe(422);
    expect((await settings({ mode: 'sometimes' })).status).toBe(422);
    expect((await call(t.app, 'PATCH', '/api/v1/inbox/settings', { key: a.keys.agent, body: { csatAfterResolution: { mode: 'off' } } })).status).toBe(403);
    const ok = await settings({ mode: 'on_resolve', surveyId: csatSurvey.id, minDaysBetween: 14 });
    expect(ok.status).toBe(200);
    expect(ok.body.csatAfterResolution).toEqual({ mode: 'on_resolve', surveyId: csatSurvey.id, skipAutoResolved: true, minDaysBetween: 14 });
    const audit = await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=inbox.settings.updated', { key: a.keys.admin });
    expect(audit.body.data.length).toBeGreaterThan(0);
  });
});

describe('CSAT after resolution: sending', () => {
  it('on resolve by an agent: one e-mail invitation tied to the conversation; the answer puts its score on the conversation', async () => {
    await settings({ mode: 'on_resolve', surveyId: csatSurvey.id, minDaysBetween: 14, skipAutoResolved: true });
    const id = await conversation('ida@example.com', 'Billing');
    expect((await resolve(id)).status).toBe(200);
    const [one] = await asked(id);
    expect(one).toMatchObject({ trigger: 'on_resolve', status: 'sent', delivery: 'email', hidden: { conversationId: id, caseId: id, team: 'Billing', channel: 'email' } });
    const mail = await waitFor('the invitation', () => mailsTo('ida@example.com')[0]);
    const token = /\/s\/\w+\?t=([\w-]+)/.exec(bodyOf(mail.data))![1];
    // Resolving again (already resolved) or asking by hand for the same resolution sends nothing more.
    await resolve(id);
    const again = await askByHand(id);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(one.id);
    expect(await asked(id)).toHaveLength(1);
    expect(mailsTo('ida@example.com')).toHaveLength(1);
    // The respondent answers: the response carries the conversation, team and agent; the conversation shows the score.
    const r = await call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${csatSurvey.slug}/responses`, { body: { answers: { csat: 4 }, token, finished: true } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const answered = await waitFor('the score on the conversation', async () => (await asked(id)).find((c) => c.score !== null));
    expect(answered).toMatchObject({ score: 4, responseId: r.body.id });
    const responses = await call<{ data: { hidden: Record<string, string> }[] }>(t.app, 'GET', `/api/v1/surveys/${csatSurvey.id}/responses`, { key: a.keys.viewer });
    expect(responses.body.data[0].hidden).toMatchObject({ conversationId: id, team: 'Billing', csatId: one.id });
    const audit = await call<{ data: { action: string; targetId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=conversation.csat.requested', { key: a.keys.admin });
    expect(audit.body.data.some((e) => e.targetId === id)).toBe(true);
  });

  it('never after an auto-resolve (unless skipAutoResolved is off)', async () => {
    await settings({ mode: 'on_resolve', surveyId: csatSurvey.id, minDaysBetween: 0, skipAutoResolved: true });
    const id = await conversation('auto@example.com');
    expect((await resolve(id, { autoResolved: true })).status).toBe(200);
    expect(await asked(id)).toMatchObject([{ status: 'skipped', reason: expect.stringMatching(/^auto_resolved/) }]);
    expect(mailsTo('auto@example.com')).toHaveLength(0);
    expect((await patch(id, { autoResolved: true })).status).toBe(422);
    await settings({ skipAutoResolved: false });
    await patch(id, { status: 'open' });
    await resolve(id, { autoResolved: true });
    expect((await asked(id))[0]).toMatchObject({ status: 'sent' });
  });

  it('not again within minDaysBetween days for the same customer, also after reopening or on another conversation', async () => {
    await settings({ mode: 'on_resolve', surveyId: csatSurvey.id, minDaysBetween: 14, skipAutoResolved: true });
    const id = await conversation('nora@example.com');
    await resolve(id);
    expect((await asked(id))[0].status).toBe('sent');
    await patch(id, { status: 'open' });
    await resolve(id);
    const [latest, first] = await asked(id);
    expect(first.status).toBe('sent');
    expect(latest).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^recently_asked: .* within 14 days$/) });
    const other = await conversation('nora@example.com');
    await resolve(other);
    expect((await asked(other))[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^recently_asked/) });
    await waitFor('the one invitation', () => (mailsTo('nora@example.com').length > 0 ? true : undefined));
    expect(mailsTo('nora@example.com')).toHaveLength(1);
    await settings({ minDaysBetween: 0 });
    await patch(other, { status: 'open' });
    await resolve(other);
    expect((await asked(other))[0].status).toBe('sent');
  });

  it('manual mode: nothing on resolve, one by hand or by API per resolution; off refuses; unresolved refuses', async () => {
    await settings({ mode: 'manual', surveyId: csatSurvey.id, minDaysBetween: 0 });
    const id = await conversation('mads@example.com');
    expect((await askByHand(id)).status).toBe(409);
    await resolve(id);
    expect(await asked(id)).toEqual([]);
    const sent = await askByHand(id);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ trigger: 'manual', status: 'sent' });
    expect((await askByHand(id)).status).toBe(200);
    // Parallel requests for one resolution still make one.
    await patch(id, { status: 'open' });
    await resolve(id);
    const codes = (await Promise.all([askByHand(id), askByHand(id), askByHand(id)])).map((r) => r.status).sort();
    expect(codes).toEqual([200, 200, 201]);
    expect(await asked(id)).toHaveLength(2);
    await settings({ mode: 'off' });
    const off = await askByHand(id);
    expect(off.status).toBe(409);
    expect(off.headers['content-type']).toContain('application/problem+json');
  });

  it('respects the Surveys rules: consent, and the workspace fatigue rules of a survey that follows them', async () => {
    const strict = await supportCsat({ respectWorkspaceRules: true });
    await settings({ mode: 'on_resolve', surveyId: strict.id, minDaysBetween: 0 });
    const first = await conversation('fatigue@example.com');
    await resolve(first);
    expect((await asked(first))[0].status).toBe('sent');
    // minDaysBetween is 0 here; the workspace's "one survey every 30 days" still holds.
    const second = await conversation('fatigue@example.com');
    await resolve(second);
    expect((await asked(second))[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^recently_surveyed/) });
    const optedOut = await conversation('no-surveys@example.com');
    const c = (await call<{ customerId: string }>(t.app, 'GET', `/api/v1/conversations/${optedOut}`, { key: a.keys.viewer })).body.customerId;
    expect((await call(t.app, 'PATCH', `/api/v1/customers/${c}`, { key: a.keys.admin, body: { surveyConsent: false } })).status).toBe(200);
    await resolve(optedOut);
    expect((await asked(optedOut))[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^no_consent/) });
  });

  it('keeps workspaces apart and refuses bad input', async () => {
    const id = await conversation('iso@example.com');
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/conversations/${id}/csat-survey` },
      { method: 'POST', url: `/api/v1/conversations/${id}/csat-survey` },
    ]);
    const bad = await call(t.app, 'POST', '/api/v1/conversations/not-a-uuid/csat-survey', { key: a.keys.agent });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await call(t.app, 'POST', `/api/v1/conversations/${id}/csat-survey`, { key: a.keys.viewer })).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { waitFor } from '../../../test/helpers/smtp.js';

let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({ work: true, env: { PUBLIC_URL: 'https://cx.acme.example' } });
  a = await buildWorkspace(t.rt.ctx, 'CSAT chat');
  await call(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'chat', name: 'Website chat' } });
}, 180_000);
afterAll(async () => t?.close());

interface Csat { id: string; status: string; delivery: string | null; score: number | null; responseId: string | null; scaleMax: number | null }
interface ChatMessage { direction: string; text: string }

const pub = () => `/api/v1/public/chat/${a.workspaceId}`;
const visitorMessages = async (id: string, token: string) =>
  (await call<{ data: ChatMessage[] }>(t.app, 'GET', `${pub()}/conversations/${id}/messages`, { headers: { 'x-chat-token': token } })).body.data;
const asked = async (id: string) => (await call<{ data: Csat[] }>(t.app, 'GET', `/api/v1/conversations/${id}/csat-survey`, { key: a.keys.viewer })).body.data;

describe('CSAT after resolution on a chat', () => {
  it('posts the survey link in the chat once, and the answer through it puts the score on the conversation', async () => {
    const survey = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'support-csat', languages: ['en'] } });
    expect(survey.status).toBe(201);
    expect((await call(t.app, 'PATCH', `/api/v1/surveys/${survey.body.id}`, { key: a.keys.admin, body: { settings: { fatigue: { respectWorkspaceRules: false } } } })).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/surveys/${survey.body.id}/publish`, { key: a.keys.admin })).status).toBe(200);
    expect((await call(t.app, 'PATCH', '/api/v1/inbox/settings', { key: a.keys.admin, body: { csatAfterResolution: { mode: 'on_resolve', surveyId: survey.body.id, minDaysBetween: 0 } } })).status).toBe(200);

    const started = await call<{ conversationId: string; token: string }>(t.app, 'POST', `${pub()}/conversations`, {
      body: { anonymousId: 'anon-csat', text: 'Can I return the jacket?', visitor: { name: 'Freja' }, language: 'en' },
    });
    expect(started.status).toBe(201);
    const { conversationId: id, token } = started.body;
    await waitFor('the customer link', async () => (await call<{ customerId: string | null }>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer })).body.customerId ?? undefined);
    expect((await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'Yes, within 30 days.' } })).status).toBe(201);
    expect((await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { status: 'resolved' } })).status).toBe(200);

    expect(await asked(id)).toMatchObject([{ status: 'sent', delivery: 'chat' }]);
    // Resolving again and asking by hand for the same resolution post nothing more.
    await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { status: 'resolved' } });
    expect((await call(t.app, 'POST', `/api/v1/conversations/${id}/csat-survey`, { key: a.keys.agent })).status).toBe(200);

    // The visitor sees exactly one message with the personal link, after the agent's answer.
    const seen = await visitorMessages(id, token);
    const withLink = seen.filter((m) => m.direction === 'out' && /\/s\/\w+\?t=/.test(m.text));
    expect(withLink).toHaveLength(1);
    expect(seen.map((m) => m.direction)).toEqual(['in', 'out', 'out']);
    expect(withLink[0].text).toMatch(/^Thank you for contacting us! .*https:\/\/cx\.acme\.example\/s\/\w+\?t=[\w-]+$/);
    // No e-mail for a chat survey.
    const outbox = await call<{ data: { kind: string }[] }>(t.app, 'GET', '/api/v1/outbox', { key: a.keys.admin });
    expect(outbox.body.data).toEqual([]);

    // The visitor follows the link and answers: the score lands on the conversation.
    const link = new URL(/https:\/\/\S+/.exec(withLink[0].text)![0]);
    expect(link.pathname).toBe(`/s/${survey.body.slug}`);
    const answer = await call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${survey.body.slug}/responses`, { body: { answers: { csat: 5 }, token: link.searchParams.get('t'), finished: true } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const answered = await waitFor('the score on the conversation', async () => (await asked(id)).find((c) => c.score !== null));
    expect(answered).toMatchObject({ score: 5, scaleMax: 5, responseId: answer.body.id });
    // Still one link in the chat after answering.
    expect((await visitorMessages(id, token)).filter((m) => /\/s\/\w+\?t=/.test(m.text))).toHaveLength(1);
  });

  it('leaves an unanswered chat without a first response: the posted link is not a reply', async () => {
    const started = await call<{ conversationId: string; token: string }>(t.app, 'POST', `${pub()}/conversations`, {
      body: { anonymousId: 'anon-unanswered', text: 'Where is my order?', visitor: { name: 'Bo' }, language: 'en' },
    });
    expect(started.status).toBe(201);
    const { conversationId: id, token } = started.body;
    await waitFor('the customer link', async () => (await call<{ customerId: string | null }>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer })).body.customerId ?? undefined);
    expect((await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { status: 'resolved' } })).status).toBe(200);
    expect(await asked(id)).toMatchObject([{ status: 'sent', delivery: 'chat' }]);
    expect((await visitorMessages(id, token)).map((m) => m.direction)).toEqual(['in', 'out']);
    const conv = await call<{ firstResponseAt: string | null; resolvedAt: string | null }>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer });
    expect(conv.body.resolvedAt).not.toBeNull();
    expect(conv.body.firstResponseAt).toBeNull();
  });
});

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let chatA: { id: string; workspaceId: string; snippet: string };
let chatB: { id: string };

const ALWAYS = { weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]])) };
interface Started { conversationId: string; token: string; messages: { id: string; direction: string; text: string }[] }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Chat A');
  b = await buildWorkspace(t.rt.ctx, 'Chat B');
  chatA = (await call<typeof chatA>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'chat', name: 'Website chat' } })).body;
  chatB = (await call<typeof chatB>(t.app, 'POST', '/api/v1/inboxes', { key: b.keys.admin, body: { type: 'chat', name: 'Chat B' } })).body;
});
afterAll(async () => t?.close());

const pub = (ws: string) => `/api/v1/public/chat/${ws}`;
const start = (body: Record<string, unknown>, ws = a.workspaceId, headers: Record<string, string> = {}) =>
  call<Started>(t.app, 'POST', `${pub(ws)}/conversations`, { body: { anonymousId: 'anon-1', text: 'Hello, is the blue jacket in stock?', ...body }, headers });
const online = (key = a.keys.agent) => call(t.app, 'POST', '/api/v1/inbox/presence', { key, body: { conversationId: null } });

describe('chat inbox', () => {
  it('answers its id, the workspace key and the snippet; settings are the admins’', async () => {
    expect(chatA.workspaceId).toBe(a.workspaceId);
    expect(chatA.snippet).toContain(`/widget.js" data-workspace="${a.workspaceId}" data-chat="${chatA.id}" async></script>`);
    const settings = await call<{ color: string; identitySecret: string; snippet: string }>(t.app, 'GET', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.admin });
    expect(settings.body.color).toBe('#1f6feb');
    expect(settings.body.identitySecret).toHaveLength(40);
    expect((await call(t.app, 'GET', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.agent })).status).toBe(403);
    const patched = await call<{ color: string; greetings: Record<string, string> }>(t.app, 'PATCH', `/api/v1/inboxes/${chatA.id}/chat`, {
      key: a.keys.admin,
      body: { color: '#aa3300', greetings: { en: 'Hi there!', da: 'Hej med dig!' }, businessHoursOnly: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ color: '#aa3300', greetings: { da: 'Hej med dig!' } });
    for (const body of [{ color: 'red' }, { greetings: { 'not a language': 'x' } }, {}, { greetings: { en: '' } }]) {
      const r = await call(t.app, 'PATCH', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.admin, body });
      expect(r.status).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    const email = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'email', name: 'Mail' } });
    expect((await call(t.app, 'GET', `/api/v1/inboxes/${email.body.id}/chat`, { key: a.keys.admin })).status).toBe(409);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/inboxes/${chatA.id}/chat` },
      { method: 'PATCH', url: `/api/v1/inboxes/${chatA.id}/chat`, body: { color: '#000000' } },
    ]);
  });

  it('tells the survey widget to load /chat.js only for workspaces with a chat', async () => {
    const c = await buildWorkspace(t.rt.ctx, 'No chat');
    expect((await call<{ chat: boolean }>(t.app, 'GET', `/api/v1/public/widget/${a.workspaceId}/surveys`)).body.chat).toBe(true);
    expect((await call<{ chat: boolean }>(t.app, 'GET', `/api/v1/public/widget/${c.workspaceId}/surveys`)).body.chat).toBe(false);
    const js = await t.app.inject({ url: '/chat.js' });
    expect([200, 404]).toContain(js.statusCode);
  });
});

describe('visitor', () => {
  it('is offline until an agent has the inbox open, and (with business hours) while the workspace is closed', async () => {
    const cfg = () => call<{ online: boolean; greeting: string; color: string; language: string; text: Record<string, string> }>(t.app, 'GET', `${pub(a.workspaceId)}/config?lang=da-DK`);
    const before = await cfg();
    expect(before.status).toBe(200);
    expect(before.headers['access-control-allow-origin']).toBe('*');
    expect(before.body).toMatchObject({ online: false, greeting: 'Hej med dig!', color: '#aa3300', language: 'da' });
    expect(before.body.text.send).toBe('Send');
    // A viewer cannot answer, so a viewer with the inbox open does not make the chat live.
    await online(a.keys.viewer);
    expect((await cfg()).body.online).toBe(false);
    await online();
    expect((await cfg()).body.online).toBe(true);
    // Business hours that are never open: offline again although someone is online.
    await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: a.keys.admin, body: { weekly: {} } });
    await call(t.app, 'PATCH', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.admin, body: { businessHoursOnly: true } });
    expect((await cfg()).body.online).toBe(false);
    await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: a.keys.admin, body: ALWAYS });
    expect((await cfg()).body.online).toBe(true);
  });

  it('starts a conversation agents see, gets the reply, never sees internal notes, and only with its token', async () => {
    const started = await start({ visitor: { name: 'Freja' }, language: 'da' }, a.workspaceId, { 'idempotency-key': 'k-start-1' });
    expect(started.status).toBe(201);
    const { conversationId: id, token } = started.body;
    expect(started.body.messages.map((m) => m.text)).toEqual(['Hello, is the blue jacket in stock?']);
    // The same request again (a retried POST) is the same conversation, not a second one.
    const retried = await start({ visitor: { name: 'Freja' }, language: 'da' }, a.workspaceId, { 'idempotency-key': 'k-start-1' });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body.conversationId).toBe(id);
    const conv = await call<{ channel: string; inboxId: string; customerId: string | null; contact: string | null }>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer });
    expect(conv.body).toMatchObject({ channel: 'chat', inboxId: chatA.id, contact: 'Freja' });
    expect(conv.body.customerId).not.toBeNull();

    await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'Yes, in all sizes.' } });
    await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'She asked before', internal: true } });
    const sent = await call(t.app, 'POST', `${pub(a.workspaceId)}/conversations/${id}/messages`, { body: { text: 'Great <b>thanks</b>' }, headers: { 'x-chat-token': token } });
    expect(sent.status).toBe(201);
    const seen = await call<{ data: { direction: string; text: string }[] }>(t.app, 'GET', `${pub(a.workspaceId)}/conversations/${id}/messages`, { headers: { 'x-chat-token': token } });
    expect(seen.body.data.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'Hello, is the blue jacket in stock?'],
      ['out', 'Yes, in all sizes.'],
      ['in', 'Great <b>thanks</b>'],
    ]);
    // No reply by e-mail on a chat: the agent's answer is in the window.
    const outbox = await call<{ data: { kind: string }[] }>(t.app, 'GET', '/api/v1/outbox', { key: a.keys.admin });
    expect(outbox.body.data.filter((m) => m.kind === 'inbox_reply')).toEqual([]);

    for (const headers of [{}, { 'x-chat-token': 'wrong' }, { 'x-chat-token': token.slice(1) }] as Record<string, string>[]) {
      expect((await call(t.app, 'GET', `${pub(a.workspaceId)}/conversations/${id}/messages`, { headers })).status).toBe(404);
    }
    // Another workspace's URL with this conversation and its token: not found.
    expect((await call(t.app, 'GET', `${pub(b.workspaceId)}/conversations/${id}/messages`, { headers: { 'x-chat-token': token } })).status).toBe(404);
    expect((await call(t.app, 'POST', `${pub(b.workspaceId)}/conversations/${id}/messages`, { body: { text: 'x' }, headers: { 'x-chat-token': token } })).status).toBe(404);
    // Workspace B's agents do not see it; B's chat inbox cannot be named from A.
    expect((await call(t.app, 'GET', `/api/v1/conversations/${id}`, { key: b.keys.admin })).status).toBe(404);
    expect((await start({ inboxId: chatB.id })).status).toBe(404);
  });

  it('refuses bad input with problem+json', async () => {
    for (const body of [{ text: '' }, { text: 'x'.repeat(5001) }, { anonymousId: '' }, { visitor: { email: 'not-mail' } }, { inboxId: 'nope' }]) {
      const r = await start(body);
      expect(r.status).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await start({}, '00000000-0000-7000-8000-000000000000')).status).toBe(404);
    const bad = await call(t.app, 'GET', `${pub('nope')}/config`);
    expect([400, 422]).toContain(bad.status);
    expect(bad.contentType).toContain('application/problem+json');
    const offline = await call(t.app, 'POST', `${pub(a.workspaceId)}/offline`, { body: { name: 'X', email: 'bad', text: 'hi' } });
    expect(offline.status).toBe(422);
  });

  it('identifies the visitor onto the known profile, and checks the signed hash when the inbox asks for it', async () => {
    const customer = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { email: 'ole@example.dk', name: 'Ole' } });
    const { conversationId: id, token } = (await start({ anonymousId: 'anon-ole' })).body;
    const identify = (body: unknown) => call(t.app, 'POST', `${pub(a.workspaceId)}/conversations/${id}/identify`, { body, headers: { 'x-chat-token': token } });
    expect((await identify({ name: 'Ole' })).status).toBe(422);
    expect((await identify({ email: 'ole@example.dk', anonymousId: 'anon-ole', name: 'Ole' })).status).toBe(204);
    const conv = await call<{ customerId: string }>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer });
    const profile = await call<{ id: string; email: string }>(t.app, 'GET', `/api/v1/customers/${conv.body.customerId}`, { key: a.keys.viewer });
    expect(profile.body.id).toBe(customer.body.id);

    const secret = (await call<{ identitySecret: string }>(t.app, 'PATCH', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.admin, body: { requireIdentityHash: true } })).body.identitySecret;
    const hash = createHmac('sha256', secret).update('cust-42').digest('hex');
    expect((await start({ visitor: { externalId: 'cust-42' } })).status).toBe(403);
    expect((await start({ visitor: { externalId: 'cust-42', hash: hash.replace(/^./, hash[0] === 'a' ? 'b' : 'a') } })).status).toBe(403);
    expect((await start({ visitor: { externalId: 'cust-42', hash } })).status).toBe(201);
    expect((await identify({ email: 'someone@example.dk' })).status).toBe(403);
    // Anonymous chats stay possible.
    expect((await start({})).status).toBe(201);
    await call(t.app, 'PATCH', `/api/v1/inboxes/${chatA.id}/chat`, { key: a.keys.admin, body: { requireIdentityHash: false } });
  });

  it('turns the offline form into a conversation answered by e-mail', async () => {
    const r = await call<{ conversationId: string }>(t.app, 'POST', `${pub(a.workspaceId)}/offline`, { body: { name: 'Ida', email: 'ida@example.dk', text: 'Do you ship to Greenland?' }, headers: { 'idempotency-key': 'off-1' } });
    expect(r.status).toBe(201);
    const conv = await call<{ tags: string[]; contact: string }>(t.app, 'GET', `/api/v1/conversations/${r.body.conversationId}`, { key: a.keys.viewer });
    expect(conv.body).toMatchObject({ contact: 'ida@example.dk', tags: ['offline'] });
    const reply = await call<{ outboxId: string | null }>(t.app, 'POST', `/api/v1/conversations/${r.body.conversationId}/messages`, { key: a.keys.agent, body: { text: 'Yes, we do.' } });
    expect(reply.body.outboxId).not.toBeNull();
  });

  it('mails the transcript on request once the team has answered, and on resolve', async () => {
    const { conversationId: id, token } = (await start({ anonymousId: 'anon-t' })).body;
    const transcript = (body: unknown) => call<{ to: string }>(t.app, 'POST', `${pub(a.workspaceId)}/conversations/${id}/transcript`, { body, headers: { 'x-chat-token': token } });
    expect((await transcript({})).status).toBe(422);
    expect((await transcript({ email: 'tove@example.dk' })).status).toBe(409);
    await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'Here is the size guide.' } });
    const sent = await transcript({ email: 'tove@example.dk' });
    expect(sent.status).toBe(202);
    const mails = async () => (await call<{ data: { kind: string; to: string; text: string; subject: string }[] }>(t.app, 'GET', '/api/v1/outbox', { key: a.keys.admin })).body.data.filter((m) => m.kind === 'chat_transcript');
    expect((await mails())[0]).toMatchObject({ to: 'tove@example.dk', subject: 'Your conversation with Chat A' });
    expect((await mails())[0].text).toMatch(/You:\nHello, is the blue jacket in stock\?[\s\S]*Team:\nHere is the size guide\./);

    // Identified by e-mail, resolved by the agent: the transcript goes without asking.
    await call(t.app, 'POST', `${pub(a.workspaceId)}/conversations/${id}/identify`, { body: { email: 'tove@example.dk', anonymousId: 'anon-t' }, headers: { 'x-chat-token': token } });
    await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { status: 'resolved' } });
    expect(await mails()).toHaveLength(2);
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json past the per-address limit', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' } });
    try {
      const ws = await buildWorkspace(limited.rt.ctx, 'Limited');
      await call(limited.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'chat', name: 'Chat' } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(limited.app, 'POST', `${pub(ws.workspaceId)}/conversations`, { body: { anonymousId: `v${i}`, text: 'hi' } })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const over = await call(limited.app, 'POST', `${pub(ws.workspaceId)}/conversations`, { body: { anonymousId: 'v9', text: 'hi' } });
      expect(over.contentType).toContain('application/problem+json');
    } finally {
      await limited.close();
    }
  });
});

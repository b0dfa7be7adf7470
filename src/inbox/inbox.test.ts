import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Inbox { id: string; address: string; type: string; channel: string }
interface Conversation { id: string; inboxId: string | null; customerId: string | null; status: string; kind: string; priority: string; tags: string[]; subject: string; messageCount: number; assigneeId: string | null; resolvedAt: string | null; snoozedUntil: string | null; firstResponseAt: string | null }
interface Message { id: string; direction: string; internal: boolean; text: string; messageId: string | null; outboxId: string | null }
interface Page<T> { data: T[]; nextCursor: string | null }

beforeAll(async () => {
  t = await createTestApp({ env: { INBOUND_DOMAIN: 'in.example.test' } });
  a = await buildWorkspace(t.rt.ctx, 'Inbox A');
  b = await buildWorkspace(t.rt.ctx, 'Inbox B');
});
afterAll(async () => t?.close());

const newInbox = async (body: unknown, key = a.keys.admin) => {
  const r = await call<Inbox>(t.app, 'POST', '/api/v1/inboxes', { key, body });
  expect(r.status).toBe(201);
  return r.body;
};
const post = (body: unknown, key = a.keys.agent) => call<{ id: string; conversationId: string; customerId: string | null; created: boolean }>(t.app, 'POST', '/api/v1/messages', { key, body });
const list = (query: string, key = a.keys.viewer) => call<Page<Conversation>>(t.app, 'GET', `/api/v1/conversations${query}`, { key });

describe('inboxes', () => {
  it('gives each inbox its own unguessable address on the configured domain', async () => {
    const one = await newInbox({ type: 'email', name: 'Support' });
    const two = await newInbox({ type: 'email', name: 'Support' });
    expect(one.address).toMatch(/^support-[a-z0-9]{10}@in\.example\.test$/);
    expect(two.address).not.toBe(one.address);
    expect((await newInbox({ type: 'import', name: 'Twitter' })).channel).toBe('twitter');
    const all = await call<{ data: Inbox[] }>(t.app, 'GET', '/api/v1/inboxes', { key: a.keys.viewer });
    expect(all.body.data.map((i) => i.id)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect((await call<{ data: Inbox[] }>(t.app, 'GET', '/api/v1/inboxes', { key: b.keys.viewer })).body.data).toEqual([]);
  });

  it('is created by admins only, and refuses bad input with problem+json', async () => {
    expect((await call(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.agent, body: { type: 'email', name: 'X' } })).status).toBe(403);
    for (const body of [{ type: 'fax', name: 'X' }, { type: 'email', name: '' }, { type: 'email' }, 'nope']) {
      const r = await call(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});

describe('messages from other systems', () => {
  it('threads by messageId / inReplyTo (a reply arriving before its parent too) and links the customer', async () => {
    const inbox = await newInbox({ type: 'api', name: 'Helpdesk' });
    const reply = await post({ inboxId: inbox.id, text: 'Any news?', customer: { email: 'Carla@Example.com' }, messageId: 'm2', inReplyTo: 'm1', references: ['m1'] });
    expect(reply.status).toBe(201);
    const first = await post({ inboxId: inbox.id, text: 'My order is late', subject: 'Order 9', customer: { email: 'carla@example.com' }, messageId: 'm1' });
    expect(first.body.conversationId).toBe(reply.body.conversationId);
    expect(first.body.customerId).toBe(reply.body.customerId);
    const again = await post({ inboxId: inbox.id, text: 'My order is late', subject: 'Order 9', customer: { email: 'carla@example.com' }, messageId: 'm1' });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const convs = await list(`?inboxId=${inbox.id}`);
    expect(convs.body.data).toHaveLength(1);
    expect(convs.body.data[0]).toMatchObject({ messageCount: 2, kind: 'message', status: 'open', customerId: first.body.customerId });
    const customer = await call<{ data: { id: string }[] }>(t.app, 'GET', '/api/v1/customers?email=carla%40example.com', { key: a.keys.viewer });
    expect(customer.body.data[0].id).toBe(first.body.customerId);
    const timeline = await call<{ data: { type: string }[] }>(t.app, 'GET', `/api/v1/customers/${first.body.customerId}/timeline`, { key: a.keys.viewer });
    expect(timeline.body.data.filter((e) => e.type === 'conversation_message')).toHaveLength(2);
    const byCustomer = await list(`?customerId=${first.body.customerId}&kind=message`);
    expect(byCustomer.body.data.map((c) => c.id)).toEqual([reply.body.conversationId]);
  });

  it('refuses bad input and messages into another workspace\'s inbox or conversation', async () => {
    const inbox = await newInbox({ type: 'api', name: 'API' });
    for (const body of [{ inboxId: inbox.id, text: 'x' }, { inboxId: inbox.id, text: '', customer: { email: 'a@b.c' } }, { inboxId: 'nope', text: 'x', customer: { email: 'a@b.c' } }, { inboxId: inbox.id, text: 'x', customer: { email: 'not-mail' } }]) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect((await post({ inboxId: inbox.id, text: 'x', customer: { email: 'a@b.c' } }, b.keys.agent)).status).toBe(404);
    expect((await post({ inboxId: inbox.id, text: 'x', customer: { email: 'a@b.c' } }, a.keys.viewer)).status).toBe(403);
  });
});

describe('working a conversation', () => {
  it('replies, notes, assigns, tags, snoozes and resolves; lists filter by each', async () => {
    const inbox = await newInbox({ type: 'chat', name: 'Chat' });
    const msg = await post({ inboxId: inbox.id, text: 'Hello, can you help?', customer: { externalId: 'cust-77' } });
    const id = msg.body.conversationId;
    const agent = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const stranger = await buildMember(t.rt.ctx, b.workspaceId, 'agent');

    const reply = await call<Message>(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'Of course!' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ direction: 'out', internal: false, text: 'Of course!', outboxId: null });
    const note = await call<Message>(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'VIP customer', internal: true } });
    expect(note.body.internal).toBe(true);
    const msgs = await call<Page<Message>>(t.app, 'GET', `/api/v1/conversations/${id}/messages?limit=2`, { key: a.keys.viewer });
    expect(msgs.body.data.map((m) => m.text)).toEqual(['Hello, can you help?', 'Of course!']);
    const rest = await call<Page<Message>>(t.app, 'GET', `/api/v1/conversations/${id}/messages?limit=2&cursor=${msgs.body.nextCursor}`, { key: a.keys.viewer });
    expect(rest.body.data.map((m) => m.text)).toEqual(['VIP customer']);
    expect(rest.body.nextCursor).toBeNull();

    const patch = (body: unknown, key = a.keys.agent) => call<Conversation>(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key, body });
    expect((await patch({ assigneeId: stranger.userId })).status).toBe(422);
    const assigned = await patch({ assigneeId: agent.userId, priority: 'urgent', tags: ['Billing', 'billing', 'vip'], team: 'Tier 2' });
    expect(assigned.body).toMatchObject({ assigneeId: agent.userId, priority: 'urgent', tags: ['billing', 'vip'], messageCount: 3 });
    expect(assigned.body.firstResponseAt).not.toBeNull();
    expect((await patch({ status: 'snoozed' })).status).toBe(422);
    expect((await patch({ status: 'snoozed', snoozedUntil: new Date(Date.now() - 1000).toISOString() })).status).toBe(422);
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect((await patch({ status: 'snoozed', snoozedUntil: until })).body.snoozedUntil).toBe(until);
    const resolved = await patch({ status: 'resolved' });
    expect(resolved.body).toMatchObject({ status: 'resolved', snoozedUntil: null });
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect((await list(`?tag=vip&status=resolved&inboxId=${inbox.id}`)).body.data.map((c) => c.id)).toEqual([id]);
    expect((await list(`?assignee=${agent.userId}`)).body.data.map((c) => c.id)).toEqual([id]);
    expect((await list(`?assignee=none&inboxId=${inbox.id}`)).body.data).toEqual([]);

    // The customer writing again reopens it.
    await post({ inboxId: inbox.id, conversationId: id, text: 'One more thing', customer: { externalId: 'cust-77' } });
    expect((await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer })).body).toMatchObject({ status: 'open', resolvedAt: null, messageCount: 4 });

    for (const body of [{}, { status: 'closed' }, { tags: [''] }, { assigneeId: 'x' }]) {
      const r = await patch(body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await patch({ priority: 'low' }, a.keys.viewer)).status).toBe(403);
    expect((await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: '  ' } })).status).toBe(422);
    expect((await list('?status=closed')).status).toBe(400);
    expect((await list('?cursor=garbage')).status).toBe(400);

    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/conversations/${id}` },
      { method: 'PATCH', url: `/api/v1/conversations/${id}`, body: { priority: 'low' } },
      { method: 'GET', url: `/api/v1/conversations/${id}/messages` },
      { method: 'POST', url: `/api/v1/conversations/${id}/messages`, body: { text: 'hi' } },
      { method: 'GET', url: `/api/v1/inboxes/${inbox.id}` },
      { method: 'POST', url: '/api/v1/conversations/import', body: { inboxId: inbox.id, messages: [{ messageId: '1', author: 'x', inbound: true, text: 'x' }] } },
      { method: 'POST', url: '/api/v1/messages', body: { inboxId: inbox.id, text: 'x', customer: { email: 'a@b.c' } } },
      { method: 'GET', url: `/api/v1/conversations/${id}/attachments/${id}` },
    ]);
    expect((await list(`?inboxId=${inbox.id}`, b.keys.viewer)).body.data).toEqual([]);
  });
});

describe('import by API', () => {
  it('threads a batch by reply ids whatever the order, one message per row, and reports bad rows', async () => {
    const inbox = await newInbox({ type: 'import', name: 'Reviews', channel: 'trustpilot' });
    const messages = [
      { messageId: 'r3', inReplyTo: 'r2', author: 'shop', inbound: false, text: '@anna sorry, refund sent', sentAt: '2024-01-01T10:10:00Z' },
      { messageId: 'r2', inReplyTo: 'r1', author: 'anna', inbound: true, text: 'still waiting', sentAt: '2024-01-01T10:05:00Z' },
      { messageId: 'r1', author: 'anna', inbound: true, text: 'broken on arrival', sentAt: '2024-01-01T10:00:00Z' },
      { messageId: 'x1', author: 'bo', inbound: true, text: 'love it' },
      { messageId: '', author: 'bo', inbound: true, text: 'no id' },
    ];
    const r = await call<{ imported: number; duplicates: number; conversations: number; rejected: { index: number }[] }>(t.app, 'POST', '/api/v1/conversations/import', { key: a.keys.agent, body: { inboxId: inbox.id, messages } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ imported: 4, duplicates: 0, conversations: 2 });
    expect(r.body.rejected.map((x) => x.index)).toEqual([4]);
    const convs = (await list(`?inboxId=${inbox.id}`)).body.data;
    expect(convs.map((c) => c.messageCount).sort()).toEqual([1, 3]);
    const anna = await call<{ data: { id: string }[] }>(t.app, 'GET', `/api/v1/customers?limit=50`, { key: a.keys.viewer });
    expect(anna.status).toBe(200);
    const thread = convs.find((c) => c.messageCount === 3)!;
    const msgs = await call<Page<Message>>(t.app, 'GET', `/api/v1/conversations/${thread.id}/messages`, { key: a.keys.viewer });
    expect(msgs.body.data.map((m) => m.messageId)).toEqual(['r1', 'r2', 'r3']);
    const again = await call<{ imported: number; duplicates: number }>(t.app, 'POST', '/api/v1/conversations/import', { key: a.keys.agent, body: { inboxId: inbox.id, messages: messages.slice(0, 4) } });
    expect(again.body).toMatchObject({ imported: 0, duplicates: 4 });
    expect((await call(t.app, 'POST', '/api/v1/conversations/import', { key: a.keys.agent, body: { inboxId: inbox.id, messages: [] } })).status).toBe(422);
  });
});

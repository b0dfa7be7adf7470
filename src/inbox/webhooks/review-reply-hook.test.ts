import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../../../test/helpers/webhook-receiver.js';

type Payload = { type: string; data: { message: { direction: string; inboxId: string; text: string; conversationId: string } } };
type Received = ReceivedWebhook<Payload>;

/** A real receiver on loopback: the review site's side of the hook. */
let hooks: WebhookReceiver<Payload>;
let url = '';
beforeAll(async () => {
  hooks = await startWebhookReceiver<Payload>();
  url = hooks.url;
});
afterAll(async () => hooks?.close());

interface Hook { id: string; messageDirection: string | null; inboxIds: string[] }
type Log = { data: { eventType: string; payload: Received['json'] }[] };

describe('review-reply hook: message.created filtered by direction and inbox', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ work: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    a = await buildWorkspace(t.rt.ctx, 'Reply hook A');
    b = await buildWorkspace(t.rt.ctx, 'Reply hook B');
  });
  afterAll(async () => t?.close());

  it('delivers only outgoing messages of the chosen inbox', async () => {
    const inbox = async (body: object, key = a.keys.admin) => (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key, body })).body.id;
    const reviews = await inbox({ type: 'import', name: 'Reviews', channel: 'trustpilot' });
    const shop = await inbox({ type: 'api', name: 'Shop' });
    const made = await call<Hook>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: `${url}/reply`, events: ['message.created'], messageDirection: 'out', inboxIds: [reviews] } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ messageDirection: 'out', inboxIds: [reviews] });

    // In the chosen inbox, inbound: no delivery. In another inbox, inbound and outbound: none either.
    await call(t.app, 'POST', '/api/v1/conversations/import', { key: a.keys.agent, body: { inboxId: reviews, messages: [{ messageId: 'r1', author: 'anna_k', inbound: true, sentAt: '2026-03-01T10:00:00Z', text: 'Broken parcel.' }] } });
    const other = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId: shop, text: 'Hello', customer: { email: 'bo@example.com' } } });
    await call(t.app, 'POST', `/api/v1/conversations/${other.body.conversationId}/messages`, { key: a.keys.agent, body: { text: 'Hi Bo' } });
    // The agent's answer to the review: the one delivery.
    const [review] = (await call<{ data: { id: string }[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${reviews}`, { key: a.keys.agent })).body.data;
    await call(t.app, 'POST', `/api/v1/conversations/${review.id}/messages`, { key: a.keys.agent, body: { text: 'Sorry, Anna — a new one is on its way.' } });
    // An internal note on the review is not a reply.
    await call(t.app, 'POST', `/api/v1/conversations/${review.id}/messages`, { key: a.keys.agent, body: { text: 'Refund approved', internal: true } });

    // Deliveries are queued before the requests answer: the log is complete now.
    const log = (await call<Log>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries`, { key: a.keys.admin })).body.data;
    expect(log.map((d) => [d.eventType, d.payload.data.message.direction, d.payload.data.message.inboxId, d.payload.data.message.text])).toEqual([
      ['message.created', 'out', reviews, 'Sorry, Anna — a new one is on its way.'],
    ]);
    await expect.poll(() => hooks.received.filter((r) => r.path === '/reply').map((r) => r.json.data.message.conversationId), { timeout: 15_000 }).toEqual([review.id]);

    // Clearing the filters subscribes to every message again.
    const cleared = await call<Hook>(t.app, 'PATCH', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin, body: { messageDirection: null, inboxIds: [] } });
    expect(cleared.body).toMatchObject({ messageDirection: null, inboxIds: [] });
    await call(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId: shop, conversationId: other.body.conversationId, text: 'Thanks!' } });
    await expect.poll(async () => (await call<Log>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries`, { key: a.keys.admin })).body.data.length).toBe(2);
  });

  it('refuses bad filters and another workspace’s inboxes with problem+json', async () => {
    const theirs = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: b.keys.admin, body: { type: 'api', name: 'Theirs' } })).body.id;
    const bodies = [
      { url: `${url}/x`, messageDirection: 'sideways' },
      { url: `${url}/x`, inboxIds: ['not-a-uuid'] },
      { url: `${url}/x`, inboxIds: [theirs] },
      { url: `${url}/x`, inboxIds: '7' },
    ];
    for (const body of bodies) {
      const r = await call(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    const mine = await call<Hook>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: `${url}/y` } });
    expect(mine.body).toMatchObject({ messageDirection: null, inboxIds: [] });
    expect((await call(t.app, 'PATCH', `/api/v1/webhooks/${mine.body.id}`, { key: a.keys.admin, body: { inboxIds: [theirs] } })).status).toBe(422);
    // Filters are a manager's setting: an agent cannot change them.
    expect((await call(t.app, 'PATCH', `/api/v1/webhooks/${mine.body.id}`, { key: a.keys.agent, body: { messageDirection: 'out' } })).status).toBe(403);
  });
});

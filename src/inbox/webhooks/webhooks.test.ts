import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../../../test/helpers/webhook-receiver.js';
import { postDelivery } from './deliver.js';
import { retryDelaySeconds } from './attempt.js';
import { isPrivateAddress } from './target.js';

type Payload = { type: string; timestamp: string; data: { message: Record<string, unknown>; conversation: Record<string, unknown> } };
type Received = ReceivedWebhook<Payload>;

/** A real receiver on loopback: records what arrives and answers queued statuses (200 when none). */
let hooks: WebhookReceiver<Payload>;
let url = '';
beforeAll(async () => {
  hooks = await startWebhookReceiver<Payload>();
  url = `${hooks.url}/hooks`;
});
afterAll(async () => hooks?.close());
beforeEach(() => hooks.clear());

/** The receiver's check, written from the Standard Webhooks spec rather than with our signing code. */
function verify(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64');
  const fresh = Math.abs(Date.now() / 1000 - Number(r.headers['webhook-timestamp'])) < 300;
  return fresh && r.headers['webhook-signature'].split(' ').includes(`v1,${expected}`);
}

const until = async <T>(fn: () => T | undefined, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('outgoing webhooks (private targets allowed, fast retries)', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let inboxId: string;
  beforeAll(async () => {
    t = await createTestApp({ work: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_BASE_SECONDS: '1' } });
    a = await buildWorkspace(t.rt.ctx, 'Hooks A');
    b = await buildWorkspace(t.rt.ctx, 'Hooks B');
    inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'Shop' } })).body.id;
  });
  afterAll(async () => t?.close());

  it('signs message.created and conversation.created so the receiver can verify them; the log shows the status codes', async () => {
    const u = `${url}/t1`;
    const got = () => hooks.received.filter((r) => r.path === '/hooks/t1');
    const made = await call<{ id: string; secret: string; secretHint: string }>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: u, description: 'CRM' } });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const shown = await call<Record<string, unknown>>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin });
    expect(shown.body).not.toHaveProperty('secret');
    expect(JSON.stringify(shown.body)).not.toContain(made.body.secret);

    const msg = await call<{ id: string; conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Where is my parcel?', subject: 'Order 7', customer: { email: 'lis@example.com' } } });
    expect(msg.status).toBe(201);
    await until(() => got().length >= 2 || undefined);
    // Deliveries run in parallel: both arrive, in either order (docs/webhooks.md says so).
    expect(got().map((r) => r.json.type).sort()).toEqual(['conversation.created', 'message.created']);
    for (const r of got()) expect(verify(made.body.secret, r)).toBe(true);
    const mr = got().find((r) => r.json.type === 'message.created')!;
    const m = mr.json;
    expect(m.data.message).toMatchObject({ id: msg.body.id, conversationId: msg.body.conversationId, direction: 'in', text: 'Where is my parcel?' });
    expect(m.data.conversation).toMatchObject({ id: msg.body.conversationId, subject: 'Order 7', status: 'open' });
    // A tampered body or another secret fails the same check.
    expect(verify(made.body.secret, { ...mr, body: mr.body.replace('parcel', 'refund') })).toBe(false);
    expect(verify('whsec_' + Buffer.alloc(24, 1).toString('base64'), mr)).toBe(false);

    type Log = { data: { id: string; eventType: string; status: string; lastStatusCode: number | null; attempts: { statusCode: number | null }[] }[] };
    const deliveries = await call<Log>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries`, { key: a.keys.admin });
    const ids = got().map((r) => r.headers['webhook-id']);
    expect(deliveries.body.data.map((d) => d.id).sort()).toEqual([...ids].sort());
    await expect.poll(async () => (await call<Log>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries`, { key: a.keys.admin })).body.data.map((d) => [d.status, d.lastStatusCode])).toEqual([['delivered', 200], ['delivered', 200]]);

    // Replies go out as message.created too; internal notes stay inside.
    hooks.clear();
    await call(t.app, 'POST', `/api/v1/conversations/${msg.body.conversationId}/messages`, { key: a.keys.agent, body: { text: 'Internal: check the depot', internal: true } });
    await call(t.app, 'POST', `/api/v1/conversations/${msg.body.conversationId}/messages`, { key: a.keys.agent, body: { text: 'It ships today.' } });
    await until(() => got().length >= 1 || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(got().map((r) => [r.json.type, r.json.data.message.direction, r.json.data.message.text])).toEqual([['message.created', 'out', 'It ships today.']]);

    // Resolving sends conversation.resolved once; a repeated resolve is not a new event.
    hooks.clear();
    await call(t.app, 'PATCH', `/api/v1/conversations/${msg.body.conversationId}`, { key: a.keys.agent, body: { status: 'resolved' } });
    await call(t.app, 'PATCH', `/api/v1/conversations/${msg.body.conversationId}`, { key: a.keys.agent, body: { status: 'resolved' } });
    await until(() => got().length >= 1 || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(got().map((r) => [r.json.type, r.json.data.conversation.status])).toEqual([['conversation.resolved', 'resolved']]);
    await call(t.app, 'DELETE', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin });
  }, 40_000);

  it('retries a failing receiver with backoff under the same webhook-id, then delivers', async () => {
    const u = `${url}/t2`;
    const got = () => hooks.received.filter((r) => r.path === '/hooks/t2');
    const made = await call<{ id: string; secret: string }>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: u, events: ['message.created'] } });
    hooks.answerNext('/hooks/t2', [500, 503]);
    await call(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Hello again', customer: { email: 'retry@example.com' } } });
    await until(() => got().length >= 3 || undefined, 20_000);
    expect(new Set(got().map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(got().every((r) => verify(made.body.secret, r))).toBe(true);
    // The second retry waited longer than the first (1 s, then 5 s).
    const stamps = got().map((r) => Number(r.headers['webhook-timestamp']));
    expect(stamps[2] - stamps[1]).toBeGreaterThan(stamps[1] - stamps[0]);
    const { body } = await call<{ data: { status: string; attemptCount: number; attempts: { statusCode: number }[] }[] }>(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries`, { key: a.keys.admin });
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ status: 'delivered', attemptCount: 3 });
    expect(body.data[0].attempts.map((x) => x.statusCode)).toEqual([500, 503, 200]);
    await call(t.app, 'DELETE', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin });
  }, 40_000);

  it('the test button sends a signed webhook.test now and answers with the status code; disabled or unsubscribed endpoints get nothing', async () => {
    const u = `${url}/t3`;
    const got = () => hooks.received.filter((r) => r.path === '/hooks/t3');
    const made = await call<{ id: string; secret: string }>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: u, events: ['conversation.resolved'] } });
    const ok = await call<{ status: string; lastStatusCode: number; eventType: string }>(t.app, 'POST', `/api/v1/webhooks/${made.body.id}/test`, { key: a.keys.admin });
    expect(ok.body).toMatchObject({ status: 'delivered', lastStatusCode: 200, eventType: 'webhook.test' });
    expect(got()).toHaveLength(1);
    expect(verify(made.body.secret, got()[0])).toBe(true);
    hooks.answerNext('/hooks/t3', [410]);
    const bad = await call<{ status: string; lastStatusCode: number; attempts: { response: string }[] }>(t.app, 'POST', `/api/v1/webhooks/${made.body.id}/test`, { key: a.keys.admin });
    expect(bad.body).toMatchObject({ status: 'failed', lastStatusCode: 410, attempts: [{ response: 'try again' }] });

    // A rotated secret signs from now on; the old one no longer verifies.
    const rotated = await call<{ secret: string }>(t.app, 'POST', `/api/v1/webhooks/${made.body.id}/rotate-secret`, { key: a.keys.admin });
    expect(rotated.body.secret).not.toBe(made.body.secret);
    hooks.clear();
    await call(t.app, 'POST', `/api/v1/webhooks/${made.body.id}/test`, { key: a.keys.admin });
    expect(verify(rotated.body.secret, got()[0])).toBe(true);
    expect(verify(made.body.secret, got()[0])).toBe(false);

    // Subscribed only to resolutions: a new message sends nothing; disabled: a resolution neither.
    hooks.clear();
    const msg = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Quiet', customer: { email: 'quiet@example.com' } } });
    await call(t.app, 'PATCH', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin, body: { isEnabled: false } });
    await call(t.app, 'PATCH', `/api/v1/conversations/${msg.body.conversationId}`, { key: a.keys.agent, body: { status: 'resolved' } });
    await new Promise((r) => setTimeout(r, 2000));
    expect(got()).toEqual([]);
    const audit = await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log?limit=100', { key: a.keys.admin });
    expect(audit.body.data.map((e) => e.action)).toEqual(expect.arrayContaining(['webhook.created', 'webhook.tested', 'webhook.secret_rotated', 'webhook.updated']));
    await call(t.app, 'DELETE', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin });
  }, 30_000);

  it('is for admins only, isolated between workspaces, and answers bad input with problem+json', async () => {
    const u = `${url}/t4`;
    const made = await call<{ id: string }>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: u } });
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      expect((await call(t.app, 'GET', '/api/v1/webhooks', { key: a.keys[role] })).status).toBe(403);
      expect((await call(t.app, 'POST', '/api/v1/webhooks', { key: a.keys[role], body: { url: u } })).status).toBe(403);
    }
    expect((await call<{ data: unknown[] }>(t.app, 'GET', '/api/v1/webhooks', { key: b.keys.admin })).body.data).toEqual([]);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/webhooks/${made.body.id}` },
      { method: 'PATCH', url: `/api/v1/webhooks/${made.body.id}`, body: { isEnabled: false } },
      { method: 'POST', url: `/api/v1/webhooks/${made.body.id}/test` },
      { method: 'POST', url: `/api/v1/webhooks/${made.body.id}/rotate-secret` },
      { method: 'GET', url: `/api/v1/webhooks/${made.body.id}/deliveries` },
      { method: 'DELETE', url: `/api/v1/webhooks/${made.body.id}` },
    ]);
    for (const body of [{ url: 'ftp://example.com/x' }, { url: 'not a url' }, { url: u, events: ['message.deleted'] }, { url: u, events: [] }]) {
      const res = await call(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'PATCH', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin, body: {} })).contentType).toContain('application/problem+json');
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${made.body.id}/deliveries?cursor=xyz`, { key: a.keys.admin })).status).toBe(400);
    await call(t.app, 'DELETE', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin });
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${made.body.id}`, { key: a.keys.admin })).status).toBe(404);
  });
});

describe('SSRF: private targets refused without WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  let t: TestApp;
  let a: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp();
    a = await buildWorkspace(t.rt.ctx, 'Hooks SSRF');
  });
  afterAll(async () => t?.close());

  it('refuses loopback, private, link-local and mapped addresses with a 422 on the url', async () => {
    for (const target of [url, 'http://localhost:9/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:80/', 'http://[::ffff:127.0.0.1]/', 'http://192.168.1.10/']) {
      const res = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/webhooks', { key: a.keys.admin, body: { url: target } });
      expect(res.status, target).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.errors[0].path).toBe('body.url');
    }
    expect((await call<{ data: unknown[] }>(t.app, 'GET', '/api/v1/webhooks', { key: a.keys.admin })).body.data).toEqual([]);
  });

  it('refuses a private address at connect time too, whatever the name resolved to when saved', async () => {
    const attempt = await postDelivery(url.replace('127.0.0.1', 'localhost'), 'whsec_' + Buffer.alloc(24).toString('base64'), 'msg_1', '{}', false);
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/private/);
    expect(hooks.received).toEqual([]);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2a00:1450:4001::200e')).toBe(false);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('fd00::1')).toBe(true);
  });
});

describe('retry schedule', () => {
  it('waits base × 5^(n−1) seconds, capped at 12 hours (hand-computed)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 50, 250, 1250, 6250, 31250, 43200]);
  });
});

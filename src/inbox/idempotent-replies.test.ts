import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';

let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Idempotent replies');
});
afterAll(async () => t?.close());

describe('a retried reply under the same Idempotency-Key', () => {
  // The stored reply is JSON, so its dates are strings: a replay must go out as stored, not through the
  // route's response serializer (which expects Date objects and answered 500).
  it('is replayed with the first answer, dates included, and stored once', async () => {
    const inbox = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'import', name: 'Reviews' } });
    const msg = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId: inbox.body.id, text: 'Where is my parcel?', customer: { email: 'idem@example.com' } } });
    const url = `/api/v1/conversations/${msg.body.conversationId}/messages`;
    const send = () => call<{ id: string; createdAt: string }>(t.app, 'POST', url, { key: a.keys.agent, body: { text: 'Checking now', internal: true }, headers: { 'idempotency-key': 'reply-1' } });
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    expect(typeof again.body.createdAt).toBe('string');
    const list = await call<{ data: { text: string }[] }>(t.app, 'GET', url, { key: a.keys.viewer });
    expect(list.body.data.filter((m) => m.text === 'Checking now')).toHaveLength(1);

    const other = await call(t.app, 'POST', url, { key: a.keys.agent, body: { text: 'Something else', internal: true }, headers: { 'idempotency-key': 'reply-1' } });
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

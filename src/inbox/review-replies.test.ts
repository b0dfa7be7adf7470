import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { eq } from 'drizzle-orm';
import { mailOutbox } from '../platform/mail/mail.tables.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Review replies A');
  b = await buildWorkspace(t.rt.ctx, 'Review replies B');
});
afterAll(async () => t?.close());

interface Conv { id: string; firstResponseAt: string | null; createdAt: string }
interface Figure { value: number | null; mean: number | null; n: number; pending: number }

describe('replies to imported reviews', () => {
  it('first response runs from the review sentAt, not the import: 10:00 → 13:30 recorded elsewhere = 210 min', async () => {
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'import', name: 'Trustpilot', channel: 'trustpilot' } })).body.id;
    const imported = await call(t.app, 'POST', '/api/v1/conversations/import', {
      key: a.keys.agent,
      body: { inboxId, messages: [{ messageId: 'rev-1', author: 'anna_k', inbound: true, sentAt: '2026-03-01T10:00:00Z', text: 'Parcel arrived broken.' }] },
    });
    expect(imported.body).toMatchObject({ imported: 1, conversations: 1 });
    const [conv] = (await call<{ data: Conv[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${inboxId}`, { key: a.keys.agent })).body.data;
    // The import ran now (December), months after the review was written.
    expect(new Date(conv.createdAt).getTime()).toBeGreaterThan(Date.parse('2026-03-02T00:00:00Z'));
    expect(conv.firstResponseAt).toBeNull();

    // The reply was posted on the review site by hand: recorded with its own time, not mailed.
    const recorded = await call<{ conversationId: string; created: boolean }>(t.app, 'POST', '/api/v1/messages', {
      key: a.keys.agent,
      body: { inboxId, conversationId: conv.id, direction: 'out', sentAt: '2026-03-01T13:30:00Z', text: 'Sorry, Anna — a new one is on its way.' },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.conversationId).toBe(conv.id);
    const after = (await call<Conv>(t.app, 'GET', `/api/v1/conversations/${conv.id}`, { key: a.keys.agent })).body;
    expect(after.firstResponseAt).toBe('2026-03-01T13:30:00.000Z');
    expect(await t.rt.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.workspaceId, a.workspaceId))).toEqual([]);

    // 13:30 − 10:00 = 3.5 h = 210 min.
    const frt = (await call<Figure>(t.app, 'GET', '/api/v1/metrics/first-response-time?channel=trustpilot', { key: a.keys.viewer })).body;
    expect(frt).toMatchObject({ value: 210, mean: 210, n: 1, pending: 0 });

    // A thread imported with the brand's answer: 09:00 → 10:00 = 60 min; median of 210 and 60 = 135.
    await call(t.app, 'POST', '/api/v1/conversations/import', {
      key: a.keys.agent,
      body: {
        inboxId,
        messages: [
          { messageId: 'rev-2-reply', inReplyTo: 'rev-2', author: 'ShopSupport', inbound: false, sentAt: '2026-03-02T10:00:00Z', text: 'Thank you!' },
          { messageId: 'rev-2', author: 'bo_m', inbound: true, sentAt: '2026-03-02T09:00:00Z', text: 'Fast delivery.' },
        ],
      },
    });
    expect((await call<Figure>(t.app, 'GET', '/api/v1/metrics/first-response-time?channel=trustpilot', { key: a.keys.viewer })).body).toMatchObject({ value: 135, mean: 135, n: 2, pending: 0 });

    // An earlier reply recorded later moves the first response back: 12:00 → 120 min; median of 120 and 60 = 90.
    await call(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, conversationId: conv.id, direction: 'out', sentAt: '2026-03-01T12:00:00Z', text: 'Looking into it.' } });
    expect((await call<Conv>(t.app, 'GET', `/api/v1/conversations/${conv.id}`, { key: a.keys.agent })).body.firstResponseAt).toBe('2026-03-01T12:00:00.000Z');
    expect((await call<Figure>(t.app, 'GET', '/api/v1/metrics/first-response-time?channel=trustpilot', { key: a.keys.viewer })).body).toMatchObject({ value: 90, n: 2 });

    // Another workspace can record nothing on this conversation; a bad sentAt is refused.
    const other = await call(t.app, 'POST', '/api/v1/messages', { key: b.keys.agent, body: { inboxId, conversationId: conv.id, direction: 'out', text: 'x' } });
    expect(other.status).toBe(404);
    const bad = await call(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, conversationId: conv.id, direction: 'out', sentAt: 'yesterday', text: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
  });
});

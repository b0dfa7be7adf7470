import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { realtimeHub, type InboxEvent } from './realtime.js';
import { snoozeWakeupJob, wakeSnoozedConversations } from './snooze-wakeup.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Conversation { id: string; status: string; snoozedUntil: string | null }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Snooze A');
  b = await buildWorkspace(t.rt.ctx, 'Snooze B');
});
afterAll(async () => t?.close());

const H = 3600_000;
async function conversationIn(ws: TestWorkspace, text: string): Promise<string> {
  const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'api', name: 'API' } })).body.id;
  const r = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text, customer: { email: `${text.length}@example.com` } } });
  expect(r.status).toBe(201);
  return r.body.conversationId;
}
const patch = (ws: TestWorkspace, id: string, body: unknown) => call<Conversation>(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: ws.keys.agent, body });
const get = async (ws: TestWorkspace, id: string) => (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: ws.keys.viewer })).body;

describe('snoozed conversations wake up', () => {
  it('reopens those whose snooze ran out, once, and announces each to its own workspace only', async () => {
    const soon = await conversationIn(a, 'Snoozed for an hour');
    const later = await conversationIn(a, 'Snoozed for three hours');
    const resolved = await conversationIn(a, 'Snoozed, then resolved');
    const other = await conversationIn(b, 'Snoozed in B');
    const now = Date.now();
    const inHours = (h: number) => new Date(Math.floor((now + h * H) / 1000) * 1000).toISOString();
    for (const [ws, id, h] of [[a, soon, 1], [a, later, 3], [a, resolved, 1], [b, other, 1]] as const) {
      expect((await patch(ws, id, { status: 'snoozed', snoozedUntil: inHours(h) })).status).toBe(200);
    }
    expect((await patch(a, resolved, { status: 'resolved' })).body.status).toBe('resolved');

    const heard: Record<string, InboxEvent[]> = { a: [], b: [] };
    const offA = realtimeHub(t.rt.ctx.database).subscribe(a.workspaceId, (e) => heard.a.push(e));
    const offB = realtimeHub(t.rt.ctx.database).subscribe(b.workspaceId, (e) => heard.b.push(e));
    try {
      // Before any snooze ends nothing moves.
      expect(await wakeSnoozedConversations(t.rt.ctx, new Date(now + 0.5 * H))).toBe(0);
      // Two hours on: the one-hour snoozes (A's and B's) end; the three-hour one and the resolved one stay.
      expect(await wakeSnoozedConversations(t.rt.ctx, new Date(now + 2 * H))).toBe(2);
      expect(await get(a, soon)).toMatchObject({ status: 'open', snoozedUntil: null });
      expect(await get(b, other)).toMatchObject({ status: 'open', snoozedUntil: null });
      expect(await get(a, later)).toMatchObject({ status: 'snoozed', snoozedUntil: inHours(3) });
      expect((await get(a, resolved)).status).toBe('resolved');
      expect(heard.a).toEqual([{ type: 'conversation', conversationId: soon, reason: 'updated' }]);
      expect(heard.b).toEqual([{ type: 'conversation', conversationId: other, reason: 'updated' }]);
      // Running again (or a second process at the same minute) reopens nothing twice.
      expect(await wakeSnoozedConversations(t.rt.ctx, new Date(now + 2 * H))).toBe(0);
      expect(heard.a).toHaveLength(1);
    } finally {
      offA();
      offB();
    }
  });

  it('the scheduled job reopens by the real clock', async () => {
    const id = await conversationIn(a, 'Snoozed until a minute ago');
    expect((await patch(a, id, { status: 'snoozed', snoozedUntil: new Date(Date.now() + H).toISOString() })).status).toBe(200);
    // The API refuses a snooze in the past, so the clock is moved in the database: the snooze ended a minute ago.
    await t.rt.ctx.db.execute(sql`update conversations set snoozed_until = now() - interval '1 minute' where workspace_id = ${a.workspaceId} and id = ${id}`);
    expect(snoozeWakeupJob.cron).toBe('* * * * *');
    expect(await snoozeWakeupJob.handler(t.rt.ctx, {}, { id: 'test', retryCount: 0 })).toEqual({ reopened: 1 });
    expect(await get(a, id)).toMatchObject({ status: 'open', snoozedUntil: null });
  });
});

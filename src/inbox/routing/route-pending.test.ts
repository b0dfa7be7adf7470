import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { countPendingRouting } from './routing.queries.js';
import { routingSettled, sweepRoutingQueue } from './route-pending.js';

let t: TestApp;
let a: TestWorkspace;

interface Conversation { id: string; tags: string[]; dueAt: string | null; messageCount: number }
interface Message { sender: string | null; direction: string }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Routing queue');
});
afterAll(async () => t?.close());

const rows = async <T>(query: SQL) => ((await t.rt.ctx.db.execute(query)) as unknown as { rows: T[] }).rows;
const conversation = async (id: string) => (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer })).body;
const acks = async (id: string) =>
  (await call<{ data: Message[] }>(t.app, 'GET', `/api/v1/conversations/${id}/messages`, { key: a.keys.viewer })).body.data.filter((m) => m.sender === 'auto-acknowledge').length;
const assignments = async () => (await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log?limit=200', { key: a.keys.admin })).body.data.filter((e) => e.action === 'conversation.assigned').length;

describe('routing after the answer', () => {
  it('answers once the message is committed, routes it shortly after, and a re-queued message (a crash before its removal) changes nothing twice', async () => {
    const admin = { key: a.keys.admin };
    await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { ...admin, body: { autoAcknowledge: true } });
    expect((await call(t.app, 'POST', '/api/v1/inbox/rules', { ...admin, body: { name: 'Refunds', conditions: [{ field: 'text', anyOf: ['refund'] }], actions: { tags: ['refund'], assigneeId: a.ownerId } } })).status).toBe(201);
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { ...admin, body: { type: 'email', name: 'Support' } })).body.id;

    const posted = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, subject: 'Refund', text: 'I want a refund please', customer: { email: 'queue@example.com' }, messageId: '<q1@example.com>' } });
    expect(posted.status).toBe(201);
    // Visible at once: the conversation and its message are committed before the answer.
    expect((await conversation(posted.body.conversationId)).messageCount).toBeGreaterThanOrEqual(1);

    await routingSettled(t.rt.ctx, a.workspaceId);
    const routed = await conversation(posted.body.conversationId);
    expect(routed.tags).toEqual(['refund']);
    expect(routed.dueAt).not.toBeNull();
    expect(await acks(routed.id)).toBe(1);
    expect(await assignments()).toBe(1);
    expect(await countPendingRouting(t.rt.ctx.db, a.workspaceId)).toBe(0);

    // A process that routed the message but stopped before removing it from the queue: the sweep
    // finds it (queued over 30 s ago) and routes it again, which adds nothing.
    const [{ id: messageId }] = await rows<{ id: string }>(sql`select id from inbox_messages where workspace_id = ${a.workspaceId} and external_id = '<q1@example.com>'`);
    await t.rt.ctx.db.execute(sql`insert into inbox_routing_queue (workspace_id, message_id, created_at) values (${a.workspaceId}, ${messageId}, now() - interval '1 minute')`);
    expect(await sweepRoutingQueue(t.rt.ctx)).toBe(1);
    expect(await countPendingRouting(t.rt.ctx.db, a.workspaceId)).toBe(0);
    const again = await conversation(routed.id);
    expect(again).toMatchObject({ tags: ['refund'], dueAt: routed.dueAt });
    expect(await acks(routed.id)).toBe(1);
    expect(await assignments()).toBe(1);
  });

  it('routes a burst of arrivals in a few batches, each message once', async () => {
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'Burst' } })).body.id;
    const posted = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: `Refund number ${i}`, customer: { email: `burst${i}@example.com` } } })),
    );
    expect(posted.every((p) => p.status === 201)).toBe(true);
    await routingSettled(t.rt.ctx, a.workspaceId);
    const convs = await Promise.all(posted.map((p) => conversation(p.body.conversationId)));
    expect(convs.every((c) => c.tags.length === 1 && c.tags[0] === 'refund' && c.dueAt)).toBe(true);
    const [signals] = await rows<{ n: number }>(sql`select count(*)::int as n from conversation_signals where workspace_id = ${a.workspaceId}`);
    expect(signals.n).toBe(13);
  });
});

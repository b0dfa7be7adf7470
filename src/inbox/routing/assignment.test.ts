import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, type TestMember, type TestWorkspace } from '../../../test/factories.js';
import { pickAgent } from './assignment.service.js';
import { routingSettled } from './route-pending.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Conversation { id: string; team: string | null; assigneeId: string | null }
interface Team { name: string; strategy: string; members: { userId: string; available: boolean; openConversations: number }[] }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Assign A');
  b = await buildWorkspace(t.rt.ctx, 'Assign B');
});
afterAll(async () => t?.close());

/** A workspace with an API inbox whose every message is routed to `team` by a rule. */
async function setup(strategy: 'round_robin' | 'load', agents: number) {
  const ws = await buildWorkspace(t.rt.ctx);
  const members: TestMember[] = [];
  for (let i = 0; i < agents; i++) members.push(await buildMember(t.rt.ctx, ws.workspaceId, 'agent'));
  const team = await call<Team>(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body: { strategy, members: members.map((m) => ({ userId: m.userId })) } });
  expect(team.status, JSON.stringify(team.body)).toBe(200);
  const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'api', name: 'API' } })).body.id;
  await call(t.app, 'POST', '/api/v1/inbox/rules', { key: ws.keys.admin, body: { name: 'All to support', conditions: [{ field: 'channel', anyOf: ['api'] }], actions: { team: 'support' } } });
  return { ws, members, inboxId };
}

let n = 0;
const arrive = async (ws: TestWorkspace, inboxId: string) => {
  const r = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text: `Hello ${++n}`, customer: { email: `a${n}@example.com` } } });
  expect(r.status).toBe(201);
  await routingSettled(t.rt.ctx, ws.workspaceId);
  return (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${r.body.conversationId}`, { key: ws.keys.viewer })).body;
};
const countBy = (xs: (string | null)[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [String(x)]: (acc[String(x)] ?? 0) + 1 }), {});

describe('choosing an agent', () => {
  it('round-robin takes who waited longest (never assigned first); load takes the fewest open, ties by round-robin', () => {
    const m = (userId: string, last: number | null) => ({ workspaceId: 'w', team: 't', userId, isAvailable: true, lastAssignedAt: last === null ? null : new Date(last), assignedCount: 0 });
    const members = [m('a', 300), m('b', 100), m('c', null)];
    expect(pickAgent('round_robin', members, new Map())).toBe('c');
    expect(pickAgent('round_robin', members.slice(0, 2), new Map())).toBe('b');
    expect(pickAgent('load', members, new Map([['a', 1], ['b', 3], ['c', 2]]))).toBe('a');
    expect(pickAgent('load', members, new Map([['a', 1], ['b', 1], ['c', 2]]))).toBe('b');
    expect(pickAgent('load', [], new Map())).toBeUndefined();
  });
});

describe('assignment within a team', () => {
  it('round-robin: 30 parallel arrivals give each conversation one agent, 10 each', async () => {
    const { ws, members, inboxId } = await setup('round_robin', 3);
    const convs = await Promise.all(Array.from({ length: 30 }, () => arrive(ws, inboxId)));
    expect(new Set(convs.map((c) => c.id)).size).toBe(30);
    expect(convs.every((c) => c.team === 'support' && c.assigneeId)).toBe(true);
    expect(countBy(convs.map((c) => c.assigneeId))).toEqual(Object.fromEntries(members.map((m) => [m.userId, 10])));
    // One audit entry per conversation: nobody was assigned twice.
    const audit = await call<{ data: { targetId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=conversation.assigned&limit=200', { key: ws.keys.admin });
    expect(audit.body.data).toHaveLength(30);
    expect(new Set(audit.body.data.map((e) => e.targetId)).size).toBe(30);
  });

  it('parallel assign calls on one conversation hand it to exactly one agent', async () => {
    const { ws, inboxId } = await setup('round_robin', 4);
    await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body: { strategy: 'manual', members: [] } });
    const conv = await arrive(ws, inboxId);
    expect(conv.assigneeId).toBeNull();
    const team = (await call<{ data: Team[] }>(t.app, 'GET', '/api/v1/inbox/teams', { key: ws.keys.viewer })).body.data[0];
    expect(team.strategy).toBe('manual');
    const agents = (await call<{ data: { userId: string; role: string }[] }>(t.app, 'GET', '/api/v1/members', { key: ws.keys.admin })).body.data.filter((m) => m.role === 'agent');
    await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body: { strategy: 'round_robin', members: agents.map((m) => ({ userId: m.userId })) } });
    const results = await Promise.all(Array.from({ length: 8 }, () => call<Conversation>(t.app, 'POST', `/api/v1/conversations/${conv.id}/assign`, { key: ws.keys.agent, body: {} })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.assigneeId)).size).toBe(1);
    const audit = await call<{ data: { targetId: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=conversation.assigned', { key: ws.keys.admin });
    expect(audit.body.data.filter((e) => e.targetId === conv.id)).toHaveLength(1);
  });

  it('load-based: the agent with the fewest open conversations, skipping unavailable agents; reassignment by hand is audited', async () => {
    const { ws, members, inboxId } = await setup('load', 2);
    const [x, y] = members;
    // x already holds two open conversations (assigned by hand: no round-robin stamp).
    await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body: { strategy: 'manual', members: [{ userId: x.userId }, { userId: y.userId }] } });
    for (let i = 0; i < 2; i++) {
      const c = await arrive(ws, inboxId);
      expect((await call(t.app, 'PATCH', `/api/v1/conversations/${c.id}`, { key: ws.keys.agent, body: { assigneeId: x.userId } })).status).toBe(200);
    }
    await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body: { strategy: 'load', members: [{ userId: x.userId }, { userId: y.userId }] } });
    // Open: x 2, y 0 → y, y; then 2–2, x never picked by the team → x; then x 3, y 2 → y.
    const order: (string | null)[] = [];
    for (let i = 0; i < 4; i++) order.push((await arrive(ws, inboxId)).assigneeId);
    expect(order).toEqual([y.userId, y.userId, x.userId, y.userId]);
    // y steps away: everything goes to x even though x holds more.
    const session = await call(t.app, 'PATCH', `/api/v1/inbox/teams/support/members/${y.userId}`, { key: ws.keys.admin, body: { available: false } });
    expect(session.status).toBe(200);
    expect((await arrive(ws, inboxId)).assigneeId).toBe(x.userId);
    const team = (await call<{ data: Team[] }>(t.app, 'GET', '/api/v1/inbox/teams', { key: ws.keys.viewer })).body.data[0];
    expect(team.members.find((m) => m.userId === x.userId)).toMatchObject({ available: true, openConversations: 4 });
    expect(team.members.find((m) => m.userId === y.userId)).toMatchObject({ available: false, openConversations: 3 });
    // Nobody available: the conversation waits in the team's queue.
    await call(t.app, 'PATCH', `/api/v1/inbox/teams/support/members/${x.userId}`, { key: ws.keys.admin, body: { available: false } });
    expect((await arrive(ws, inboxId)).assigneeId).toBeNull();
    const audit = await call<{ data: { details: { to: string; strategy?: string } }[] }>(t.app, 'GET', '/api/v1/audit-log?action=conversation.assigned', { key: ws.keys.admin });
    expect(audit.body.data.map((e) => e.details.strategy ?? 'manual').sort()).toEqual(['load', 'load', 'load', 'load', 'load', 'manual', 'manual']);
  });

  it('an agent sets only their own availability; bad input and other workspaces are refused', async () => {
    const { ws, members } = await setup('round_robin', 1);
    const agentKey = (await call<{ key: string }>(t.app, 'POST', '/api/v1/api-keys', { key: ws.keys.admin, body: { name: 'agent', role: 'agent' } })).body.key;
    expect((await call(t.app, 'PATCH', `/api/v1/inbox/teams/support/members/${members[0].userId}`, { key: agentKey, body: { available: false } })).status).toBe(403);
    for (const body of [{ strategy: 'random', members: [] }, { members: [{ userId: 'nope' }] }, { members: [{ userId: b.ownerId }] }]) {
      const r = await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.admin, body });
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'PUT', '/api/v1/inbox/teams/support', { key: ws.keys.agent, body: { members: [] } })).status).toBe(403);
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'A' } })).body.id;
    const conv = await arrive(a, inboxId);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'POST', url: `/api/v1/conversations/${conv.id}/assign`, body: {} },
      { method: 'PATCH', url: `/api/v1/inbox/teams/support/members/${members[0].userId}`, body: { available: true } },
    ]);
  });
});

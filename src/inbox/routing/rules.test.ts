import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { containsPhrase, evaluateRules, fold, type RoutingFacts } from './rule-engine.js';
import { routingSettled } from './route-pending.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Rule { id: string; name: string; preset: string | null; position: number; enabled: boolean }
interface Conversation { id: string; tags: string[]; priority: string; team: string | null; assigneeId: string | null }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Rules A');
  b = await buildWorkspace(t.rt.ctx, 'Rules B');
});
afterAll(async () => t?.close());

const inbox = async (ws: TestWorkspace, body: unknown = { type: 'api', name: 'API' }) => (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body })).body.id;
const rule = async (body: unknown, ws = a) => {
  const r = await call<Rule>(t.app, 'POST', '/api/v1/inbox/rules', { key: ws.keys.admin, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};
let n = 0;
const message = async (inboxId: string, text: string, ws = a, customer: Record<string, string> = { email: `c${++n}@example.com` }) => {
  const r = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text, customer } });
  expect(r.status).toBe(201);
  await routingSettled(t.rt.ctx, ws.workspaceId);
  return (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${r.body.conversationId}`, { key: ws.keys.viewer })).body;
};

const facts = (over: Partial<RoutingFacts>): RoutingFacts => ({ text: '', channel: 'email', language: 'en', sentiment: 'neutral', score: 0, themes: [], isFeatureRequest: false, customer: null, similarInLastHour: 0, ...over });

describe('rule engine', () => {
  it('finds keywords and phrases as whole words, accent- and case-insensitively, in spaced and unspaced scripts', () => {
    const text = fold('Jeg vil gerne have et TILBUD på 40 stk. Die Rückerstattung fehlt!  我想要报价');
    expect(containsPhrase(text, 'tilbud')).toBe(true);
    expect(containsPhrase(text, 'rückerstattung')).toBe(true);
    expect(containsPhrase(text, 'ruckerstattung')).toBe(true);
    expect(containsPhrase(text, '报价')).toBe(true);
    expect(containsPhrase(text, 'tilbu')).toBe(false); // part of a word is no match
    expect(containsPhrase(fold('the price   list please'), 'price list')).toBe(true);
    expect(containsPhrase(fold('priceless'), 'price')).toBe(false);
  });

  it('adds every matching rule\'s tags, only raises priority, and lets the first team and assignee stand', () => {
    const rules = [
      { id: 'r1', match: 'all' as const, conditions: [{ field: 'sentiment' as const, is: 'negative' as const }], actions: { tags: ['Unhappy'], priority: 'high' as const, team: 'care' } },
      { id: 'r2', match: 'any' as const, conditions: [{ field: 'channel' as const, anyOf: ['twitter'] }, { field: 'text' as const, anyOf: ['refund'] }], actions: { tags: ['refund', 'unhappy'], priority: 'low' as const, team: 'billing' } },
      { id: 'r3', match: 'all' as const, conditions: [{ field: 'trait' as const, key: 'totalSpend' as const, min: 1000 }, { field: 'segment' as const, anyOf: ['00000000-0000-0000-0000-00000000000a'] }], actions: { tags: ['vip'], priority: 'urgent' as const } },
    ];
    const out = evaluateRules(rules, facts({ text: 'I want a refund', sentiment: 'negative', customer: { traits: { totalSpend: 1500 }, attributes: {}, segmentIds: ['00000000-0000-0000-0000-00000000000a'] } }));
    expect(out).toEqual({ tags: ['unhappy', 'refund', 'vip'], priority: 'urgent', team: 'care', assigneeId: null, matched: ['r1', 'r2', 'r3'] });
    const low = evaluateRules(rules, facts({ text: 'refund', customer: { traits: { totalSpend: 999 }, attributes: {}, segmentIds: ['00000000-0000-0000-0000-00000000000a'] } }));
    expect(low).toMatchObject({ tags: ['refund', 'unhappy'], priority: 'low', team: 'billing', matched: ['r2'] });
  });
});

describe('auto-tag rules over the API', () => {
  it('creates, lists in order, changes and deletes rules; audited', async () => {
    const one = await rule({ name: 'Refunds', position: 5, conditions: [{ field: 'text', anyOf: ['refund', 'Rückerstattung', 'refusion', '退款'] }], actions: { tags: ['refund'], priority: 'high' } });
    const two = await call<Rule>(t.app, 'POST', '/api/v1/inbox/rules/presets', { key: a.keys.admin, body: { preset: 'sales_lead' } });
    expect(two.status).toBe(201);
    expect(two.body).toMatchObject({ preset: 'sales_lead', enabled: true });
    const list = await call<{ data: Rule[] }>(t.app, 'GET', '/api/v1/inbox/rules', { key: a.keys.viewer });
    expect(list.body.data.map((r) => r.id)).toEqual([one.id, two.body.id]);
    const changed = await call<Rule>(t.app, 'PATCH', `/api/v1/inbox/rules/${one.id}`, { key: a.keys.admin, body: { position: 20, enabled: false } });
    expect(changed.body).toMatchObject({ position: 20, enabled: false });
    expect((await call<{ data: Rule[] }>(t.app, 'GET', '/api/v1/inbox/rules', { key: a.keys.viewer })).body.data.map((r) => r.id)).toEqual([two.body.id, one.id]);
    expect((await call(t.app, 'DELETE', `/api/v1/inbox/rules/${two.body.id}`, { key: a.keys.admin })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/inbox/rules/${two.body.id}`, { key: a.keys.viewer })).status).toBe(404);
    const audit = await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log?action=inbox.rule', { key: a.keys.admin });
    expect(audit.body.data.map((e) => e.action)).toEqual(expect.arrayContaining(['inbox.rule.created', 'inbox.rule.updated', 'inbox.rule.deleted']));
    await call(t.app, 'DELETE', `/api/v1/inbox/rules/${one.id}`, { key: a.keys.admin });
  });

  it('refuses bad rules with problem+json, agents may not manage, other workspaces see 404', async () => {
    for (const body of [
      { name: 'x', conditions: [], actions: { tags: ['a'] } },
      { name: 'x', conditions: [{ field: 'text', anyOf: [] }], actions: { tags: ['a'] } },
      { name: 'x', conditions: [{ field: 'mood', is: 'bad' }], actions: { tags: ['a'] } },
      { name: 'x', conditions: [{ field: 'sentimentScore' }], actions: { tags: ['a'] } },
      { name: 'x', conditions: [{ field: 'channel', anyOf: ['email'] }], actions: {} },
      { name: 'x', conditions: [{ field: 'channel', anyOf: ['email'] }], actions: { priority: 'extreme' } },
      { name: 'x', conditions: [{ field: 'channel', anyOf: ['email'] }], actions: { assigneeId: '00000000-0000-7000-8000-000000000001' } },
    ]) {
      const r = await call(t.app, 'POST', '/api/v1/inbox/rules', { key: a.keys.admin, body });
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'POST', '/api/v1/inbox/rules/presets', { key: a.keys.admin, body: { preset: 'nope' } })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/inbox/rules', { key: a.keys.agent, body: { name: 'x', conditions: [{ field: 'channel', anyOf: ['email'] }], actions: { tags: ['a'] } } })).status).toBe(403);
    const mine = await rule({ name: 'Mine', conditions: [{ field: 'channel', anyOf: ['email'] }], actions: { tags: ['a'] } });
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/inbox/rules/${mine.id}` },
      { method: 'PATCH', url: `/api/v1/inbox/rules/${mine.id}`, body: { enabled: false } },
      { method: 'DELETE', url: `/api/v1/inbox/rules/${mine.id}` },
    ]);
    expect((await call<{ data: Rule[] }>(t.app, 'GET', '/api/v1/inbox/rules', { key: b.keys.viewer })).body.data).toEqual([]);
    await call(t.app, 'DELETE', `/api/v1/inbox/rules/${mine.id}`, { key: a.keys.admin });
  });

  it('tags every new inbound message by keyword in several languages, sentiment, theme and customer traits', async () => {
    const ws = await buildWorkspace(t.rt.ctx, 'Rules live');
    const box = await inbox(ws);
    await rule({ name: 'Refunds', conditions: [{ field: 'text', anyOf: ['refund', 'Rückerstattung', 'tilbagebetaling', '退款'] }], actions: { tags: ['refund'], priority: 'high' } }, ws);
    await rule({ name: 'Angry about delivery', conditions: [{ field: 'sentiment', is: 'negative' }, { field: 'theme', anyOf: ['delivery'] }], actions: { tags: ['delivery-complaint'], team: 'logistics' } }, ws);
    await rule({ name: 'Big spenders', conditions: [{ field: 'traitIs', key: 'country', anyOf: ['DK'] }], actions: { tags: ['denmark'] } }, ws);
    await call(t.app, 'POST', '/api/v1/customers', { key: ws.keys.admin, body: { email: 'dk@example.com', country: 'DK' } });
    expect((await message(box, 'Wo bleibt meine Rückerstattung?', ws)).tags).toEqual(['refund']);
    expect((await message(box, '我要退款', ws)).tags).toEqual(['refund']);
    const late = await message(box, 'My delivery is terrible and late. Worst service ever!', ws);
    expect(late).toMatchObject({ tags: ['delivery-complaint'], team: 'logistics', priority: 'normal' });
    const dk = await message(box, 'Hvor er min tilbagebetaling?', ws, { email: 'dk@example.com' });
    expect(dk.tags.sort()).toEqual(['denmark', 'refund']);
    expect(dk.priority).toBe('high');
    expect((await message(box, 'Thanks, all good', ws)).tags).toEqual([]);
  });

  it('the crisis preset fires on the fifth strongly negative message on one theme within the hour', async () => {
    const ws = await buildWorkspace(t.rt.ctx, 'Crisis');
    const box = await inbox(ws);
    await call(t.app, 'POST', '/api/v1/inbox/rules/presets', { key: ws.keys.admin, body: { preset: 'crisis' } });
    const texts = ['My delivery is terrible and late. Worst service ever!', 'Package never arrived, shipping was terrible and horrible', 'Awful delivery, the parcel is lost, horrible', 'Terrible shipping, late again, worst ever', 'Delivery was horrible and the package broken, awful'];
    const seen: Conversation[] = [];
    for (const text of texts) seen.push(await message(box, text, ws));
    expect(seen.slice(0, 4).map((c) => c.tags)).toEqual([[], [], [], []]);
    expect(seen[4]).toMatchObject({ tags: ['crisis'], priority: 'urgent' });
    // A happy message on the same theme is no part of a crisis.
    expect((await message(box, 'Fast delivery, love it, great!', ws)).tags).toEqual([]);
  });
});

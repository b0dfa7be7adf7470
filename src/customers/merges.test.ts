import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import type { IngestResult } from './customers.schemas.js';
import { waitForTraits } from './traits.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Merge {
  id: string;
  winnerId: string;
  loserId: string;
  reason: string;
  identifiers: { kind: string; value: string }[];
  undoneAt: string | null;
}
interface Detail {
  id: string;
  name: string | null;
  email: string | null;
  mergedFrom?: string;
  identities: { kind: string; value: string }[];
  merges: Merge[];
  traits: { orderCount: number; totalSpend: number; eventCount: number };
}

async function send(...events: object[]): Promise<IngestResult> {
  const r = await call<IngestResult>(t.app, 'POST', '/api/v1/events', { key: a.keys.agent, body: { events } });
  expect(r.status).toBe(200);
  expect(r.body.rejected, JSON.stringify(r.body.results)).toBe(0);
  // Traits follow a 2xx within the staleness bound (traits-staleness.test.ts); here, exactly when.
  await waitForTraits(t.rt.ctx, a.workspaceId);
  return r.body;
}
const buy = (customer: object, amount: number) => ({ type: 'purchase', customer, properties: { amount, currency: 'EUR' } });
const get = async (id: string) => (await call<Detail>(t.app, 'GET', `/api/v1/customers/${id}`, { key: a.keys.viewer })).body;
const undo = (mergeId: string, key = a.keys.admin) => call<Merge>(t.app, 'POST', `/api/v1/customer-merges/${mergeId}/undo`, { key });
const kinds = (d: Detail) => d.identities.map((i) => `${i.kind}:${i.value}`).sort();

describe('merges', () => {
  it('merges a chain (A←B, then A←C) and undoes each merge, restoring identities, events, fields and traits', async () => {
    const pA = (await send(buy({ externalId: 'chain-A' }, 1000))).results[0].customerId!;
    const upB = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { email: 'chain-b@example.com', name: 'Bea' } });
    const pB = upB.body.id;
    await send(buy({ email: 'chain-b@example.com' }, 2000));
    const pC = (await send(buy({ phone: '+45 11 22 33 44' }, 4000))).results[0].customerId!;
    expect(new Set([pA, pB, pC]).size).toBe(3);

    const link1 = await send({ type: 'page_view', customer: { externalId: 'chain-A', email: 'chain-b@example.com' } });
    expect(link1.results[0].customerId).toBe(pA);
    let merged = await get(pA);
    expect(merged.name).toBe('Bea');
    expect(merged.traits).toMatchObject({ orderCount: 2, totalSpend: 3000 });
    const m1 = merged.merges.find((m) => m.loserId === pB)!;
    expect(m1).toMatchObject({ winnerId: pA, reason: 'event page_view' });
    expect(m1.identifiers).toEqual(expect.arrayContaining([{ kind: 'email', value: 'chain-b@example.com' }]));

    const viaLoser = await get(pB);
    expect(viaLoser.id).toBe(pA);
    expect(viaLoser.mergedFrom).toBe(pB);

    await send({ type: 'page_view', customer: { email: 'chain-b@example.com', phone: '004511223344' } });
    merged = await get(pA);
    expect(merged.traits).toMatchObject({ orderCount: 3, totalSpend: 7000, eventCount: 5 });
    expect(kinds(merged)).toEqual(['email:chain-b@example.com', 'external_id:chain-A', 'phone:+4511223344']);
    const m2 = merged.merges.find((m) => m.loserId === pC)!;
    expect(m2.winnerId).toBe(pA);

    const u1 = await undo(m1.id);
    expect(u1.status).toBe(200);
    expect(u1.body.undoneAt).not.toBeNull();
    const a1 = await get(pA);
    const b1 = await get(pB);
    expect(b1.id).toBe(pB);
    expect(b1.name).toBe('Bea');
    expect(a1.name).toBeNull();
    expect(kinds(b1)).toEqual(['email:chain-b@example.com']);
    expect(kinds(a1)).toEqual(['external_id:chain-A', 'phone:+4511223344']);
    expect(a1.traits).toMatchObject({ orderCount: 2, totalSpend: 5000 });
    expect(b1.traits).toMatchObject({ orderCount: 1, totalSpend: 2000 });

    expect((await undo(m1.id)).status).toBe(409);
    const u2 = await undo(m2.id);
    expect(u2.status).toBe(200);
    expect((await get(pA)).traits).toMatchObject({ orderCount: 1, totalSpend: 1000 });
    expect((await get(pC)).traits).toMatchObject({ orderCount: 1, totalSpend: 4000 });
    expect(kinds(await get(pC))).toEqual(['phone:+4511223344']);
  });

  it('undoes the outer merge of B←C then A←B by giving B back everything of B and C', async () => {
    const pA = (await send(buy({ anonymousId: 'n-A' }, 100))).results[0].customerId!;
    const pB = (await send(buy({ anonymousId: 'n-B' }, 200))).results[0].customerId!;
    const pC = (await send(buy({ anonymousId: 'n-C' }, 400))).results[0].customerId!;
    await send({ type: 'page_view', customer: { anonymousId: 'n-B', email: 'n-bc@example.com' } }, { type: 'page_view', customer: { anonymousId: 'n-C', email: 'n-bc@example.com' } });
    expect((await get(pC)).id).toBe(pB);
    expect((await get(pB)).traits.totalSpend).toBe(600);
    await send({ type: 'page_view', customer: { anonymousId: 'n-A', email: 'n-bc@example.com' } });
    const all = await get(pA);
    expect(all.traits.totalSpend).toBe(700);
    const outer = all.merges.find((m) => m.loserId === pB && !m.undoneAt)!;
    const inner = all.merges.find((m) => m.loserId === pC && !m.undoneAt)!;
    expect(inner.winnerId).toBe(pB);

    expect((await undo(outer.id)).status).toBe(200);
    expect((await get(pA)).traits.totalSpend).toBe(100);
    expect((await get(pB)).traits.totalSpend).toBe(600);
    expect((await get(pC)).id).toBe(pB);
    expect((await undo(inner.id)).status).toBe(200);
    expect((await get(pB)).traits.totalSpend).toBe(200);
    expect((await get(pC)).traits.totalSpend).toBe(400);
  });

  it('merges by profile upsert too, keeping the oldest profile', async () => {
    const old = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { externalId: 'up-1' } });
    const young = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { email: 'up-1@example.com', name: 'Young' } });
    const both = await call<Detail>(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { externalId: 'up-1', email: 'up-1@example.com' } });
    expect(both.status).toBe(200);
    expect(both.body.id).toBe(old.body.id);
    expect(both.body.merges[0]).toMatchObject({ winnerId: old.body.id, loserId: young.body.id, reason: 'profile upsert' });
    const listed = await call<{ data: Merge[] }>(t.app, 'GET', `/api/v1/customers/${young.body.id}/merges`, { key: a.keys.viewer });
    expect(listed.body.data.map((m) => m.loserId)).toContain(young.body.id);
  });

  it('lets only admins undo, refuses bad ids, and keeps other workspaces out', async () => {
    const x = (await send({ type: 'signup', customer: { anonymousId: 'perm-1' } })).results[0].customerId!;
    await send({ type: 'signup', customer: { email: 'perm-1@example.com' } });
    await send({ type: 'page_view', customer: { anonymousId: 'perm-1', email: 'perm-1@example.com' } });
    const m = (await get(x)).merges[0];
    expect((await undo(m.id, a.keys.analyst)).status).toBe(403);
    const bad = await call(t.app, 'POST', '/api/v1/customer-merges/not-a-uuid/undo', { key: a.keys.admin });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect((await call(t.app, 'GET', '/api/v1/customers/not-a-uuid/merges', { key: a.keys.admin })).status).toBe(400);
    expect((await undo('0190aaaa-0000-7000-8000-000000000000')).status).toBe(404);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'POST', url: `/api/v1/customer-merges/${m.id}/undo` },
      { method: 'GET', url: `/api/v1/customers/${x}/merges` },
    ]);
  });
});

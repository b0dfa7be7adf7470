import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { daysAgo, insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { customers } from '../customers.tables.js';
import { segmentMembers } from './segments.tables.js';
import { refreshSegmentsForCustomers, recomputeSegment } from './membership.js';
import { SYNC_COMPUTE_LIMIT } from './segments.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Segment { id: string; memberCount: number; lastComputedAt: string | null; computing: boolean; name: string }
interface Page<T> { data: T[]; nextCursor: string | null }

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Segments A');
  b = await buildWorkspace(t.rt.ctx, 'Segments B');
});
afterAll(async () => t?.close());

const setTraits = (id: string, fields: Partial<typeof customers.$inferInsert>) =>
  t.rt.ctx.db.update(customers).set(fields).where(and(eq(customers.workspaceId, a.workspaceId), eq(customers.id, id)));

async function memberIds(segmentId: string): Promise<string[]> {
  const rows = await t.rt.ctx.db
    .select({ id: segmentMembers.customerId })
    .from(segmentMembers)
    .where(and(eq(segmentMembers.workspaceId, a.workspaceId), eq(segmentMembers.segmentId, segmentId)));
  return rows.map((r) => r.id).sort();
}

const create = (body: unknown, key = a.keys.analyst) => call<Segment>(t.app, 'POST', '/api/v1/segments', { key, body });

describe('membership as customers change', () => {
  it('lets a customer enter when traits change, leave when they no longer match, and records the day', async () => {
    const ws = a.workspaceId;
    const db = t.rt.ctx.db;
    const anna = await insertCustomer(db, ws, { name: 'Anna', country: 'DK', orderCount: 3, lastActivityAt: daysAgo(3) });
    const bo = await insertCustomer(db, ws, { name: 'Bo', country: 'SE', orderCount: 1, lastActivityAt: daysAgo(3) });
    const seg = await create({
      name: 'Nordic repeat buyers',
      rules: { all: [{ field: 'country', op: 'in', value: ['DK', 'SE'] }, { field: 'orderCount', op: 'gte', value: 2 }] },
    });
    expect(seg.status).toBe(201);
    expect(seg.body).toMatchObject({ memberCount: 1, computing: false });
    expect(await memberIds(seg.body.id)).toEqual([anna]);

    await setTraits(bo, { orderCount: 2 });
    const entered = await refreshSegmentsForCustomers(t.rt.ctx, ws, [bo]);
    expect(entered).toEqual([{ segmentId: seg.body.id, size: 2, entered: 1, left: 0 }]);
    expect(await memberIds(seg.body.id)).toEqual([anna, bo].sort());

    await setTraits(anna, { country: 'DE' });
    await refreshSegmentsForCustomers(t.rt.ctx, ws, [anna, bo]);
    expect(await memberIds(seg.body.id)).toEqual([bo]);

    // A profile merged into another one leaves every segment.
    await setTraits(bo, { mergedInto: anna });
    await refreshSegmentsForCustomers(t.rt.ctx, ws, [bo]);
    expect(await memberIds(seg.body.id)).toEqual([]);

    const got = await call<Segment>(t.app, 'GET', `/api/v1/segments/${seg.body.id}`, { key: a.keys.viewer });
    expect(got.body.memberCount).toBe(0);
    const history = await call<{ data: { at: string; size: number; entered: number; left: number }[] }>(
      t.app, 'GET', `/api/v1/segments/${seg.body.id}/history`, { key: a.keys.viewer });
    expect(history.status).toBe(200);
    // Everything happened today: one row, created with 1 member, then +1, -1, -1.
    expect(history.body.data).toHaveLength(1);
    expect(history.body.data[0]).toMatchObject({ size: 0, entered: 2, left: 2 });
    expect(history.body.data[0].at.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
  });

  it('counts a customer once when several refreshes for them run at the same time', async () => {
    const ws = a.workspaceId;
    const seg = await create({ name: 'Turkish speakers', rules: { field: 'language', op: 'eq', value: 'tr' } });
    const ids = await Promise.all(Array.from({ length: 5 }, () => insertCustomer(t.rt.ctx.db, ws, { language: 'tr' })));
    const runs = await Promise.all(Array.from({ length: 6 }, () => refreshSegmentsForCustomers(t.rt.ctx, ws, ids)));
    const entered = runs.flat().filter((c) => c.segmentId === seg.body.id).reduce((n, c) => n + c.entered, 0);
    expect(entered).toBe(5);
    expect(await memberIds(seg.body.id)).toEqual([...ids].sort());
    const got = await call<Segment>(t.app, 'GET', `/api/v1/segments/${seg.body.id}`, { key: a.keys.viewer });
    expect(got.body.memberCount).toBe(5);
  });

  it('ends with the same members incrementally as a full recompute does', async () => {
    const ws = a.workspaceId;
    const db = t.rt.ctx.db;
    // A small deterministic generator, so a failure can be replayed.
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const countries = ['DK', 'SE', 'DE', 'TR', null];
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = await insertCustomer(db, ws, {
        country: pick(countries), orderCount: Math.floor(rnd() * 5), lastActivityAt: daysAgo(Math.floor(rnd() * 200)),
        npsCategory: pick(['promoter', 'passive', 'detractor', null] as const),
      });
      if (rnd() < 0.5) await insertEvents(db, ws, id, [{ type: 'purchase', occurredAt: daysAgo(Math.floor(rnd() * 120)), amount: 1000 }]);
      ids.push(id);
    }
    const nordic = await create({ name: 'Nordic', rules: { field: 'country', op: 'in', value: ['DK', 'SE'] } });
    const segs = [
      nordic,
      await create({ name: 'Recent nordic buyers', rules: { all: [{ segment: nordic.body.id }, { event: { type: 'purchase', withinDays: 60 }, op: 'gte', value: 1 }] } }),
      await create({ name: 'Quiet or detractor', rules: { any: [{ field: 'daysSinceLastActivity', op: 'gt', value: 90 }, { not: { field: 'npsCategory', op: 'neq', value: 'detractor' } }] } }),
    ];
    for (const s of segs) expect(s.status).toBe(201);

    for (let round = 0; round < 3; round++) {
      const touched = Array.from({ length: 12 }, () => pick(ids));
      for (const id of touched) {
        await setTraits(id, { country: pick(countries), npsCategory: pick(['promoter', 'detractor', null] as const), lastActivityAt: daysAgo(Math.floor(rnd() * 200)) });
        if (rnd() < 0.5) await insertEvents(db, ws, id, [{ type: 'purchase', occurredAt: daysAgo(Math.floor(rnd() * 30)) }]);
      }
      await refreshSegmentsForCustomers(t.rt.ctx, ws, touched);
    }
    for (const s of segs) {
      const incremental = await memberIds(s.body.id);
      const full = await recomputeSegment(t.rt.ctx, ws, s.body.id);
      expect(full).toMatchObject({ entered: 0, left: 0, size: incremental.length });
      expect(await memberIds(s.body.id)).toEqual(incremental);
      const got = await call<Segment>(t.app, 'GET', `/api/v1/segments/${s.body.id}`, { key: a.keys.viewer });
      expect(got.body.memberCount).toBe(incremental.length);
    }
    // A segment built on another holds only that one's members.
    const nordicMembers = new Set(await memberIds(segs[0].body.id));
    expect((await memberIds(segs[1].body.id)).every((id) => nordicMembers.has(id))).toBe(true);
  });
});

describe('segments API', () => {
  it('previews the count and a sample without storing anything', async () => {
    const ws = b.workspaceId;
    await insertCustomer(t.rt.ctx.db, ws, { name: 'Cem', email: 'cem@example.com.tr', country: 'TR' });
    await insertCustomer(t.rt.ctx.db, ws, { name: 'Dilek', country: 'TR' });
    await insertCustomer(t.rt.ctx.db, ws, { name: 'Erik', country: 'NO' });
    const r = await call<{ count: number; total: number; sample: { name: string }[] }>(t.app, 'POST', '/api/v1/segments/preview', {
      key: b.keys.viewer, body: { rules: { field: 'country', op: 'eq', value: 'TR' } },
    });
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(2);
    expect(r.body.total).toBe(3);
    expect(r.body.sample.map((s) => s.name).sort()).toEqual(['Cem', 'Dilek']);
    const list = await call<Page<Segment>>(t.app, 'GET', '/api/v1/segments', { key: b.keys.viewer });
    expect(list.body.data).toEqual([]);
  });

  it('lists, pages, renames, recomputes by job and deletes segments', async () => {
    const ws = b.workspaceId;
    const s1 = await create({ name: 'Turkey', rules: { field: 'country', op: 'eq', value: 'TR' } }, b.keys.admin);
    const s2 = await create({ name: 'Norway', description: 'NO', rules: { field: 'country', op: 'eq', value: 'NO' } }, b.keys.admin);
    const page1 = await call<Page<Segment>>(t.app, 'GET', '/api/v1/segments?limit=1', { key: b.keys.viewer });
    expect(page1.body.data.map((s) => s.id)).toEqual([s2.body.id]);
    const page2 = await call<Page<Segment>>(t.app, 'GET', `/api/v1/segments?limit=1&cursor=${page1.body.nextCursor}`, { key: b.keys.viewer });
    expect(page2.body.data.map((s) => s.id)).toEqual([s1.body.id]);
    expect(page2.body.nextCursor).toBeNull();

    const renamed = await call<Segment>(t.app, 'PATCH', `/api/v1/segments/${s1.body.id}`, { key: b.keys.analyst, body: { name: 'Türkiye' } });
    expect(renamed.body).toMatchObject({ name: 'Türkiye', memberCount: 2, computing: false });

    const members = await call<Page<{ name: string; enteredAt: string }>>(t.app, 'GET', `/api/v1/segments/${s1.body.id}/members?limit=1`, { key: b.keys.viewer });
    expect(members.body.data).toHaveLength(1);
    const rest = await call<Page<{ name: string }>>(t.app, 'GET', `/api/v1/segments/${s1.body.id}/members?cursor=${members.body.nextCursor}`, { key: b.keys.viewer });
    expect([...members.body.data, ...rest.body.data].map((m) => m.name).sort()).toEqual(['Cem', 'Dilek']);

    // A change no refresh was told about is picked up by the recompute job.
    await insertCustomer(t.rt.ctx.db, ws, { name: 'Fatma', country: 'TR' });
    const job = await call<{ jobId: string }>(t.app, 'POST', `/api/v1/segments/${s1.body.id}/recompute`, { key: b.keys.analyst });
    expect(job.status).toBe(202);
    expect(job.body.jobId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(async () => (await call<Segment>(t.app, 'GET', `/api/v1/segments/${s1.body.id}`, { key: b.keys.viewer })).body.memberCount, { timeout: 15_000, interval: 250 }).toBe(3);

    const user = await create({ name: 'Turks in Norway?', rules: { all: [{ segment: s1.body.id }, { segment: s2.body.id, op: 'not_in' }] } }, b.keys.admin);
    expect(user.body.memberCount).toBe(3);
    const blocked = await call<{ usedBy: { segments: string[] } }>(t.app, 'DELETE', `/api/v1/segments/${s1.body.id}`, { key: b.keys.admin });
    expect(blocked.status).toBe(409);
    expect(blocked.body.usedBy.segments).toEqual([user.body.id]);
    expect((await call(t.app, 'DELETE', `/api/v1/segments/${user.body.id}`, { key: b.keys.admin })).status).toBe(204);
    expect((await call(t.app, 'DELETE', `/api/v1/segments/${s1.body.id}`, { key: b.keys.admin })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/segments/${s1.body.id}`, { key: b.keys.admin })).status).toBe(404);
  });

  it('computes a large workspace in the background and says so meanwhile', async () => {
    const big = await buildWorkspace(t.rt.ctx, 'Big');
    await t.rt.ctx.db.execute(sql`
      insert into customers (workspace_id, id, country)
      select ${big.workspaceId}::uuid, gen_random_uuid(), case when g % 10 = 0 then 'DK' else 'DE' end
      from generate_series(1, ${SYNC_COMPUTE_LIMIT + 1}) g`);
    const seg = await create({ name: 'Danes', rules: { field: 'country', op: 'eq', value: 'DK' } }, big.keys.analyst);
    expect(seg.status).toBe(201);
    expect(seg.body).toMatchObject({ computing: true, memberCount: 0, lastComputedAt: null });
    await expect
      .poll(async () => (await call<Segment>(t.app, 'GET', `/api/v1/segments/${seg.body.id}`, { key: big.keys.viewer })).body, { timeout: 30_000, interval: 500 })
      .toMatchObject({ computing: false, memberCount: Math.floor((SYNC_COMPUTE_LIMIT + 1) / 10) });
  });

  it('lets viewers read but not manage segments', async () => {
    const r = await create({ name: 'x', rules: { all: [] } }, a.keys.viewer);
    expect(r.status).toBe(403);
  });

  it('keeps workspaces apart on every route', async () => {
    const seg = await create({ name: 'Private', rules: { field: 'country', op: 'eq', value: 'DK' } });
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/segments/${seg.body.id}` },
      { method: 'PATCH', url: `/api/v1/segments/${seg.body.id}`, body: { name: 'stolen' } },
      { method: 'DELETE', url: `/api/v1/segments/${seg.body.id}` },
      { method: 'GET', url: `/api/v1/segments/${seg.body.id}/members` },
      { method: 'GET', url: `/api/v1/segments/${seg.body.id}/history` },
      { method: 'POST', url: `/api/v1/segments/${seg.body.id}/recompute` },
    ]);
    const list = await call<Page<Segment>>(t.app, 'GET', '/api/v1/segments', { key: b.keys.admin });
    expect(list.body.data.map((s) => s.id)).not.toContain(seg.body.id);
    // Another workspace's segment cannot be referenced in a rule either.
    const ref = await call(t.app, 'POST', '/api/v1/segments/preview', { key: b.keys.admin, body: { rules: { segment: seg.body.id } } });
    expect(ref.status).toBe(422);
  });

  it('answers bad input with 4xx problem+json', async () => {
    const seg = await create({ name: 'Some', rules: { all: [] } });
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v1/segments', { rules: { all: [] } }, 422],
      ['POST', '/api/v1/segments', { name: 'x', rules: [] }, 422],
      ['POST', '/api/v1/segments', '{"name": ', 400],
      ['POST', '/api/v1/segments/preview', { rules: { any: [] } }, 422],
      ['GET', '/api/v1/segments/not-a-uuid', undefined, 400],
      ['GET', '/api/v1/segments?limit=0', undefined, 400],
      ['GET', `/api/v1/segments/${seg.body.id}/members?cursor=abc`, undefined, 400],
      ['GET', `/api/v1/segments/${seg.body.id}/history?days=0`, undefined, 400],
      ['PATCH', `/api/v1/segments/${seg.body.id}`, {}, 422],
      ['PATCH', `/api/v1/segments/${seg.body.id}`, { rules: { field: 'orderCount', op: 'gte', value: '2' } }, 422],
      ['POST', '/api/v1/segments/not-a-uuid/recompute', undefined, 400],
    ];
    for (const [method, url, body, status] of cases) {
      const r = await call(t.app, method as 'GET', url, { key: a.keys.admin, body });
      expect({ method, url, status: r.status }).toEqual({ method, url, status });
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});

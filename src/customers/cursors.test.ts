import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { encodeCursor } from '../platform/http/cursor.js';

/**
 * Every list of the customers domain pages with the platform cursor: paging reaches every row once,
 * and a forged cursor, another list's or another sort's cursor, or a cursor of the old home-made
 * formats is a 400 problem — never a 500 from a ::timestamptz or ::bigint cast.
 */
let t: TestApp;
let a: TestWorkspace;
interface Page { data: { id: string }[]; nextCursor: string | null }
const id = '0190b0c4-7d2e-7a4b-8c3f-1234567890ab';
const oldFormat = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
let customerId: string;
let segmentIds: string[];
let personaCursor: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Cursors');
  const names = ['ann', 'bob', 'cid', 'dot'];
  // Two buyers and two sign-ups: totalSpend ties at 0 and one name is missing, so ties break on id.
  const events = names.map((n, i) =>
    i < 2 ? { type: 'purchase', customer: { email: `${n}@example.com` }, properties: { amount: 1000 * (i + 1), currency: 'EUR' } } : { type: 'signup', customer: { email: `${n}@example.com` } },
  );
  const r = await call<{ results: { customerId: string }[] }>(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events } });
  customerId = r.body.results[0].customerId;
  for (const [i, n] of names.slice(0, 3).entries()) {
    await call(t.app, 'PATCH', `/api/v1/customers/${r.body.results[i].customerId}`, { key: a.keys.admin, body: { name: n } });
  }
  for (let i = 0; i < 3; i++) await call(t.app, 'POST', `/api/v1/customers/${customerId}/notes`, { key: a.keys.admin, body: { text: `note ${i}` } });
  const rule = { field: 'orderCount', op: 'gte', value: 1 };
  segmentIds = [];
  for (const name of ['s1', 's2']) segmentIds.push((await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.admin, body: { name, rules: rule } })).body.id);
  for (const name of ['p1', 'p2']) await call(t.app, 'POST', '/api/v1/personas', { key: a.keys.admin, body: { name, rules: rule } });
  personaCursor = (await call<Page>(t.app, 'GET', '/api/v1/personas?limit=1', { key: a.keys.admin })).body.nextCursor!;
});
afterAll(async () => t?.close());

async function pageThrough(url: string, param = 'cursor'): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const r: { status: number; body: Page } = await call<Page>(t.app, 'GET', `${url}${sep}limit=1${cursor ? `&${param}=${encodeURIComponent(cursor)}` : ''}`, { key: a.keys.admin });
    expect(r.status, url).toBe(200);
    seen.push(...r.body.data.map((d) => d.id));
    cursor = r.body.nextCursor;
  } while (cursor && seen.length < 50);
  return seen;
}

async function expectBadCursor(url: string) {
  const r = await call(t.app, 'GET', url, { key: a.keys.admin });
  expect(r.status, url).toBe(400);
  expect(r.contentType, url).toContain('application/problem+json');
}

describe('customer list cursors', () => {
  it('pages every sort and order through every customer exactly once', async () => {
    for (const sort of ['lastSeenAt', 'createdAt', 'totalSpend', 'name']) {
      for (const order of ['asc', 'desc']) {
        const ids = await pageThrough(`/api/v1/customers?sort=${sort}&order=${order}`);
        expect(ids, `${sort} ${order}`).toHaveLength(4);
        expect(new Set(ids).size).toBe(4);
      }
    }
  });

  it('answers 400 to forged, cross-sort and old-format cursors', async () => {
    const byName = (await call<Page>(t.app, 'GET', '/api/v1/customers?sort=name&limit=1', { key: a.keys.admin })).body.nextCursor!;
    const q = (sort: string, cursor: string) => `/api/v1/customers?sort=${sort}&cursor=${encodeURIComponent(cursor)}`;
    await expectBadCursor(q('totalSpend', byName));
    await expectBadCursor(q('lastSeenAt', byName));
    await expectBadCursor(`/api/v1/customers?sort=name&order=desc&cursor=${byName}`);
    await expectBadCursor(q('lastSeenAt', oldFormat(['not-a-date', id])));
    await expectBadCursor(q('totalSpend', oldFormat(['12x', id])));
    await expectBadCursor(q('lastSeenAt', encodeCursor('customers:lastSeenAt:desc', ['1', id])));
    await expectBadCursor(q('lastSeenAt', encodeCursor('customers:lastSeenAt:desc', ['2026-02-30T00:00:00Z', id])));
    await expectBadCursor(q('totalSpend', encodeCursor('customers:totalSpend:desc', [1e30, id])));
    await expectBadCursor(q('totalSpend', encodeCursor('customers:totalSpend:desc', ['5', id])));
    await expectBadCursor(q('name', encodeCursor('customers:name:asc', ['a\u0000b', id])));
    await expectBadCursor(q('name', encodeCursor('customers:name:asc', ['ann', 'not-a-uuid'])));
    await expectBadCursor(q('name', 'garbage!'));
  });
});

describe('timeline cursors', () => {
  it('pages through the timeline and refuses forged cursors with 400', async () => {
    const ids = await pageThrough(`/api/v1/customers/${customerId}/timeline`, 'before');
    expect(ids).toHaveLength(4);
    const tl = (c: string) => `/api/v1/customers/${customerId}/timeline?before=${encodeURIComponent(c)}`;
    await expectBadCursor(tl(oldFormat(['1', id])));
    await expectBadCursor(tl(encodeCursor('timeline', ['1', id])));
    await expectBadCursor(tl(encodeCursor('timeline', ['2026-02-30T00:00:00Z', id])));
    await expectBadCursor(tl(personaCursor));
  });
});

describe('segment and persona cursors', () => {
  it('pages segments, members and personas, and refuses another list’s cursor', async () => {
    expect(await pageThrough('/api/v1/segments')).toHaveLength(2);
    expect(await pageThrough(`/api/v1/segments/${segmentIds[0]}/members`)).toHaveLength(2);
    expect(await pageThrough('/api/v1/personas')).toHaveLength(2);
    const members = (await call<Page>(t.app, 'GET', `/api/v1/segments/${segmentIds[0]}/members?limit=1`, { key: a.keys.admin })).body.nextCursor!;
    await expectBadCursor(`/api/v1/segments/${segmentIds[1]}/members?cursor=${members}`);
    await expectBadCursor(`/api/v1/segments?cursor=${personaCursor}`);
    await expectBadCursor(`/api/v1/personas?cursor=${members}`);
    await expectBadCursor(`/api/v1/personas?cursor=${id}`);
    await expectBadCursor(`/api/v1/segments?cursor=${encodeCursor('segments', ['x'])}`);
  });
});

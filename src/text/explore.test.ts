import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const DAY = 24 * 60 * 60 * 1000;
const to = new Date('2026-06-01T00:00:00Z');
const daysBefore = (n: number) => new Date(to.getTime() - n * DAY);

interface Comment { sourceId: string; text: string; sentiment: string; themes: string[]; isCorrected: boolean }
interface Page { data: Comment[]; nextCursor: string | null }
interface Explore { texts: number; weeks: { start: string; texts: number; themes: Record<string, number> }[]; cooccurrence: { a: string; b: string; count: number }[]; terms: { term: string; count: number }[] }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Explore A');
  b = await buildWorkspace(t.rt.ctx, 'Explore B');
  // Week 0 (the latest): three delivery complaints, one of them also about price; week 1: one praise of support.
  await analyzeSourceTexts(t.rt.ctx.db, a.workspaceId, [
    { source: 'review', sourceId: 'r1', text: 'The delivery was late and the courier rude', language: 'en', occurredAt: daysBefore(1) },
    { source: 'review', sourceId: 'r2', text: 'Late delivery again, and the price is too high', language: 'en', occurredAt: daysBefore(2) },
    { source: 'review', sourceId: 'r3', text: 'Delivery late, parcel damaged', language: 'en', occurredAt: daysBefore(3) },
    { source: 'review', sourceId: 'r4', text: 'Friendly customer service, they solved it quickly', language: 'en', occurredAt: daysBefore(9) },
    { source: 'review', sourceId: 'old', text: 'Delivery late', language: 'en', occurredAt: daysBefore(100) },
  ]);
});
afterAll(async () => t?.close());

const q = (params: Record<string, string>) => new URLSearchParams({ to: to.toISOString(), ...params }).toString();

describe('GET /text/comments', () => {
  it('lists the texts of a theme newest first, in pages that neither skip nor repeat', async () => {
    const first = await call<Page>(t.app, 'GET', `/api/v1/text/comments?${q({ theme: 'delivery', limit: '2' })}`, { key: a.keys.viewer });
    expect(first.status).toBe(200);
    expect(first.body.data.map((c) => c.sourceId)).toEqual(['r1', 'r2']);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await call<Page>(t.app, 'GET', `/api/v1/text/comments?${q({ theme: 'delivery', limit: '2', cursor: first.body.nextCursor ?? '' })}`, { key: a.keys.viewer });
    expect(second.body.data.map((c) => c.sourceId)).toEqual(['r3']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('follows corrections: a corrected sentiment and themes are what the filters see', async () => {
    const patch = await call(t.app, 'PATCH', '/api/v1/text/analyses/review/r3', { key: a.keys.admin, body: { sentiment: 'neutral', themes: ['product quality'] } });
    expect(patch.status).toBe(200);
    const delivery = await call<Page>(t.app, 'GET', `/api/v1/text/comments?${q({ theme: 'delivery' })}`, { key: a.keys.viewer });
    expect(delivery.body.data.map((c) => c.sourceId)).toEqual(['r1', 'r2']);
    const neutral = await call<Page>(t.app, 'GET', `/api/v1/text/comments?${q({ sentiment: 'neutral' })}`, { key: a.keys.viewer });
    expect(neutral.body.data).toEqual([expect.objectContaining({ sourceId: 'r3', sentiment: 'neutral', themes: ['product quality'], isCorrected: true })]);
  });

  it('shows nothing of another workspace', async () => {
    const res = await call<Page>(t.app, 'GET', `/api/v1/text/comments?${q({})}`, { key: b.keys.admin });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('refuses bad input with problem+json', async () => {
    const bads: Record<string, string>[] = [{ sentiment: 'angry' }, { limit: '0' }, { limit: '1000' }, { cursor: 'garbage' }, { from: 'yesterday' }, { featureRequests: 'maybe' }];
    for (const bad of bads) {
      const res = await call(t.app, 'GET', `/api/v1/text/comments?${q(bad)}`, { key: a.keys.viewer });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});

describe('GET /text/explore', () => {
  it('counts theme mentions per week, themes mentioned together and the words used', async () => {
    const res = await call<Explore>(t.app, 'GET', `/api/v1/text/explore?${q({ from: daysBefore(14).toISOString() })}`, { key: a.keys.viewer });
    expect(res.status).toBe(200);
    expect(res.body.texts).toBe(4);
    expect(res.body.weeks).toHaveLength(2);
    // r3 was corrected to product quality above, so the latest week has two delivery mentions, not three.
    expect(res.body.weeks[1]).toMatchObject({ texts: 3, themes: expect.objectContaining({ delivery: 2, 'product quality': 1 }) });
    expect(res.body.weeks[0]).toMatchObject({ texts: 1, themes: expect.objectContaining({ support: 1 }) });
    expect(res.body.cooccurrence).toContainEqual({ a: 'delivery', b: 'price', count: 1 });
    const late = res.body.terms.find((x) => x.term === 'late');
    expect(late?.count).toBe(3);
    expect(res.body.terms.some((x) => x.term === 'the' || x.term === 'and')).toBe(false);
  });

  it('shows nothing of another workspace, and refuses bad input', async () => {
    const other = await call<Explore>(t.app, 'GET', `/api/v1/text/explore?${q({})}`, { key: b.keys.admin });
    expect(other.body.texts).toBe(0);
    expect(other.body.terms).toEqual([]);
    const bad = await call(t.app, 'GET', `/api/v1/text/explore?${q({ language: 'English!' })}`, { key: a.keys.viewer });
    expect(bad.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import type { IngestResult } from './customers.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let id: string;

interface Item {
  id: string;
  type: string;
  channel: string | null;
  occurredAt: string;
  properties: Record<string, unknown>;
}
type Page = { data: Item[]; nextCursor: string | null };

const at = (day: number) => `2024-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
  const c = { externalId: 'tl-1' };
  const r = await call<IngestResult>(t.app, 'POST', '/api/v1/events', {
    key: a.keys.agent,
    body: {
      events: [
        { type: 'page_view', customer: c, occurredAt: at(1), channel: 'web' },
        { type: 'purchase', customer: c, occurredAt: at(2), channel: 'web', properties: { amount: 100 } },
        { type: 'survey_invitation', customer: c, occurredAt: at(3), channel: 'email' },
        { type: 'survey_response', customer: c, occurredAt: at(4), channel: 'email', properties: { metric: 'csat', score: 5 } },
        { type: 'message', customer: c, occurredAt: at(5), channel: 'chat', properties: { text: 'Where is my parcel?' } },
        { type: 'purchase', customer: c, occurredAt: at(6), channel: 'store', properties: { amount: 200 } },
        // Same instant as the purchase before: the id breaks the tie so paging stays stable.
        { type: 'loyalty_points_added', customer: c, occurredAt: at(6), channel: 'app', properties: { points: 20 } },
      ],
    },
  });
  id = r.body.results[0].customerId!;
});
afterAll(async () => t?.close());

const timeline = (query = '', key = a.keys.viewer) => call<Page>(t.app, 'GET', `/api/v1/customers/${id}/timeline${query}`, { key });

describe('customer timeline', () => {
  it('lists every item newest first and pages through them with a cursor', async () => {
    const all = await timeline();
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(7);
    expect(all.body.data.map((i) => i.occurredAt)).toEqual([...all.body.data.map((i) => i.occurredAt)].sort().reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await timeline(`?limit=2${cursor ? `&before=${cursor}` : ''}`);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((i) => i.id));
  });

  it('filters by type and by channel (comma-separated lists)', async () => {
    expect((await timeline('?type=purchase')).body.data.map((i) => i.channel)).toEqual(['store', 'web']);
    expect((await timeline('?type=survey_invitation,survey_response')).body.data.map((i) => i.type)).toEqual(['survey_response', 'survey_invitation']);
    expect((await timeline('?channel=chat,app')).body.data.map((i) => i.type)).toEqual(['loyalty_points_added', 'message']);
    expect((await timeline('?type=purchase&channel=web')).body.data).toHaveLength(1);
    expect((await timeline('?type=nothing')).body.data).toHaveLength(0);
  });

  it('adds notes by the caller at the top of the timeline', async () => {
    const r = await call<Item>(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.agent, body: { text: '  Called back, all good  ' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'note', properties: { text: 'Called back, all good' } });
    expect(r.body.properties.author).toContain('agent key');
    const top = await timeline('?limit=1');
    expect(top.body.data[0].id).toBe(r.body.id);
    expect((await call(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.viewer, body: { text: 'x' } })).status).toBe(403);
  });

  it('refuses bad input with 4xx problem+json', async () => {
    for (const q of ['?limit=0', '?limit=201', '?before=zzz', `?before=${Buffer.from('["x","y"]').toString('base64url')}`]) {
      const r = await timeline(q);
      expect(r.status, q).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'GET', '/api/v1/customers/xyz/timeline', { key: a.keys.viewer })).status).toBe(400);
    for (const body of [{}, { text: '' }, { text: 5 }]) {
      const r = await call(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.agent, body });
      expect(r.status).toBe(422);
    }
    expect((await call(t.app, 'GET', '/api/v1/customers/0190aaaa-0000-7000-8000-000000000000/timeline', { key: a.keys.viewer })).status).toBe(404);
  });

  it('keeps other workspaces out', async () => {
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/customers/${id}/timeline` },
      { method: 'POST', url: `/api/v1/customers/${id}/notes`, body: { text: 'sneaky' } },
    ]);
    expect((await timeline()).body.data.some((i) => i.properties.text === 'sneaky')).toBe(false);
  });
});

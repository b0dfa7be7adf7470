import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
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

const post = (key: string, body: unknown, headers?: Record<string, string>) => call<IngestResult>(t.app, 'POST', '/api/v1/events', { key, body, headers });
type Page = { data: { id: string; type?: string; email?: string | null; traits?: Record<string, unknown> }[]; nextCursor: string | null };
const list = (key: string, query: string) => call<Page>(t.app, 'GET', `/api/v1/customers?${query}`, { key });

describe('POST /events', () => {
  it('turns an anonymous visitor into a known customer: one profile, three timeline items, retries stored once', async () => {
    const tag = Date.now();
    const email = `bar-${tag}@example.com`;
    const events = [
      { id: `e1-${tag}`, type: 'page_view', customer: { anonymousId: `anon-${tag}` }, channel: 'web', touchpoint: 'website', properties: { url: '/pricing' } },
      { id: `e2-${tag}`, type: 'purchase', customer: { anonymousId: `anon-${tag}`, email }, channel: 'web', touchpoint: 'checkout', properties: { orderId: 'o1', amount: 12900, currency: 'DKK' } },
      { id: `e3-${tag}`, type: 'support_case_opened', customer: { email }, channel: 'email', touchpoint: 'support', properties: { caseId: 'c1' } },
    ];
    const first = await post(a.keys.agent, { events });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    const ids = new Set(first.body.results.map((r) => r.customerId));
    expect(ids.size).toBe(1);

    const again = await post(a.keys.agent, { events });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: 0 });
    expect(again.body.results.map((r) => r.eventId)).toEqual(first.body.results.map((r) => r.eventId));

    const found = await list(a.keys.viewer, `email=${encodeURIComponent(email.toUpperCase())}`);
    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0].id).toBe([...ids][0]);
    const tl = await call<Page>(t.app, 'GET', `/api/v1/customers/${found.body.data[0].id}/timeline`, { key: a.keys.viewer });
    expect(tl.status).toBe(200);
    expect(tl.body.data.map((i) => i.type)).toEqual(['support_case_opened', 'purchase', 'page_view']);
  });

  it('keeps good events of a mixed batch and gives each bad one its own error', async () => {
    const r = await post(a.keys.agent, {
      events: [
        { type: 'purchase', customer: {} },
        { type: 'signup', customer: { email: 'mixed@example.com' } },
        { type: 'purchase', customer: { email: 'mixed@example.com' }, properties: { amount: 12.5, currency: 'EUR' } },
        { type: 'survey_response', customer: { email: 'mixed@example.com' }, properties: { metric: 'nps', score: 11 } },
        { type: '', customer: { email: 'mixed@example.com' } },
        { type: 'page_view', customer: { email: 'not-an-email' } },
        'not even an object',
        { type: 'page_view', customer: { externalId: 'X1' }, occurredAt: '2999-01-01T00:00:00Z' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected).toBe(7);
    const errors = r.body.results.map((x) => x.error ?? '');
    expect(errors[0]).toMatch(/identifier/);
    expect(r.body.results[1]).toMatchObject({ status: 'accepted' });
    expect(errors[2]).toMatch(/properties\.amount/);
    expect(errors[3]).toMatch(/score/);
    expect(errors[4]).toMatch(/^type/);
    expect(errors[5]).toMatch(/customer\.email/);
    expect(errors[6]).not.toBe('');
    expect(errors[7]).toMatch(/future/);
  });

  it('answers a single rejected event with 422 problem+json and a bad envelope with 422', async () => {
    const single = await post(a.keys.agent, { type: 'purchase', customer: {} });
    expect(single.status).toBe(422);
    expect(single.contentType).toContain('application/problem+json');
    const ok = await post(a.keys.agent, { type: 'signup', customer: { externalId: 'single-1' } });
    expect(ok.status).toBe(200);
    expect(ok.body.accepted).toBe(1);
    for (const body of [{ events: [] }, { events: 'x' }, { events: Array.from({ length: 1001 }, () => ({})) }, [], 'null']) {
      const bad = await post(a.keys.agent, body);
      expect(bad.status, JSON.stringify(body).slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
      expect(bad.contentType).toContain('application/problem+json');
    }
  });

  it('counts a repeated client id inside one batch once', async () => {
    const e = { id: 'same-in-batch', type: 'page_view', customer: { anonymousId: 'dup-batch' } };
    const r = await post(a.keys.agent, { events: [e, e] });
    expect(r.body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(r.body.results[1].eventId).toBe(r.body.results[0].eventId);
  });

  it('replays the stored reply for the same Idempotency-Key', async () => {
    const body = { events: [{ type: 'page_view', customer: { anonymousId: 'idem-1' } }] };
    const one = await post(a.keys.agent, body, { 'idempotency-key': 'k-1' });
    const two = await post(a.keys.agent, body, { 'idempotency-key': 'k-1' });
    expect(two.headers['idempotent-replayed']).toBe('true');
    expect(two.body).toEqual(one.body);
  });

  it('refuses viewers and unauthenticated callers', async () => {
    const body = { events: [{ type: 'page_view', customer: { anonymousId: 'v' } }] };
    expect((await post(a.keys.viewer, body)).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/events', { body })).status).toBe(401);
  });

  it('keeps workspaces apart: the same identifiers in another workspace are another person', async () => {
    const e = { type: 'signup', customer: { email: 'shared@example.com' } };
    const ra = await post(a.keys.agent, e);
    const rb = await post(b.keys.agent, e);
    expect(ra.body.results[0].customerId).not.toBe(rb.body.results[0].customerId);
    const r = await call(t.app, 'GET', `/api/v1/customers/${ra.body.results[0].customerId}`, { key: b.keys.admin });
    expect(r.status).toBe(404);
    const byId = await post(b.keys.agent, { type: 'note', customer: { id: ra.body.results[0].customerId }, properties: { text: 'x' } });
    expect(byId.status).toBe(422);
  });

  it('stores one profile when two requests bring the same new customer at the same time', async () => {
    const email = `race-${Date.now()}@example.com`;
    const mk = (n: number) => ({
      events: Array.from({ length: 20 }, (_, i) => ({ type: 'page_view', customer: { email, anonymousId: `race-anon-${n}-${i}` } })),
    });
    const [r1, r2] = await Promise.all([post(a.keys.agent, mk(1)), post(a.keys.agent, mk(2))]);
    expect(r1.status).toBe(200);
    expect(r2.status).toBe(200);
    const ids = new Set([...r1.body.results, ...r2.body.results].map((r) => r.customerId));
    expect(ids.size).toBe(1);
    await waitForTraits(t.rt.ctx, a.workspaceId);
    const found = await list(a.keys.viewer, `email=${encodeURIComponent(email)}`);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0].traits?.eventCount).toBe(40);
  });
});

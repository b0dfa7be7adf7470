import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import type { IngestResult } from './customers.schemas.js';
import { STALENESS_BOUND_MS, sweepTraitWork, waitForTraits } from './traits.service.js';
import { markForRecompute } from './trait-queue.queries.js';

/**
 * The promise docs/customers.md makes: traits and segment membership include an event at most
 * STALENESS_BOUND_MS after POST /events answered 2xx — without anyone waiting for them. Polls the
 * public API (as a reader would) with that deadline.
 */

let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Staleness');
});
afterAll(async () => t?.close());

interface Detail {
  traits: { orderCount: number; npsCategory: string | null; eventCount: number };
}
interface Page {
  data: { id: string }[];
}

/** Polls until `check` holds; returns the milliseconds it took, or fails at the deadline. */
async function within(deadlineMs: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await check()) return performance.now() - t0;
    if (performance.now() - t0 > deadlineMs) throw new Error(`not current ${deadlineMs} ms after the 2xx`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('staleness of traits and segment membership', () => {
  it(`reflects an ingested batch within ${STALENESS_BOUND_MS} ms of the 2xx, traits and segments alike`, async () => {
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst,
      body: { name: 'Detractors', rules: { field: 'npsCategory', op: 'eq', value: 'detractor' } },
    });
    expect(seg.status).toBe(201);
    for (let round = 0; round < 3; round++) {
      const customer = { email: `late-${round}@example.com` };
      const events = [
        { type: 'purchase', customer, properties: { amount: 1200 + round, currency: 'EUR' } },
        { type: 'purchase', customer, properties: { amount: 800, currency: 'EUR' } },
        { type: 'survey_response', customer, properties: { metric: 'nps', score: 2 } },
        // Other customers in the same batch, so a round has more than one customer to fold.
        ...Array.from({ length: 50 }, (_, i) => ({ type: 'page_view', customer: { email: `crowd-${round}-${i}@example.com` } })),
      ];
      const r = await call<IngestResult>(t.app, 'POST', '/api/v1/events', { key: a.keys.agent, body: { events } });
      expect(r.status).toBe(200);
      const id = r.body.results[0].customerId!;
      const ms = await within(STALENESS_BOUND_MS, async () => {
        const d = (await call<Detail>(t.app, 'GET', `/api/v1/customers/${id}`, { key: a.keys.viewer })).body;
        if (d.traits.orderCount !== 2 || d.traits.npsCategory !== 'detractor' || d.traits.eventCount !== 3) return false;
        const m = (await call<Page>(t.app, 'GET', `/api/v1/segments/${seg.body.id}/members?limit=100`, { key: a.keys.viewer })).body;
        return m.data.some((c) => c.id === id);
      });
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
    }
  });

  it('picks up work a stopped process left queued (the sweep job), exactly', async () => {
    const r = await call<IngestResult>(t.app, 'POST', '/api/v1/events', {
      key: a.keys.agent,
      body: { events: [{ type: 'purchase', customer: { email: 'left@example.com' }, properties: { amount: 500, currency: 'EUR' } }] },
    });
    const id = r.body.results[0].customerId!;
    await waitForTraits(t.rt.ctx, a.workspaceId);
    // As if a process had queued a recompute and died before refreshing: traits wrong, work queued.
    await t.rt.ctx.db.execute(sql`update customers set order_count = 0, total_spend = 0 where workspace_id = ${a.workspaceId} and id = ${id}`);
    await t.rt.ctx.db.transaction((tx) => markForRecompute(tx, a.workspaceId, [id]));
    expect(await sweepTraitWork(t.rt.ctx)).toBeGreaterThanOrEqual(1);
    const d = (await call<Detail & { traits: { totalSpend: number } }>(t.app, 'GET', `/api/v1/customers/${id}`, { key: a.keys.viewer })).body;
    expect(d.traits).toMatchObject({ orderCount: 1, totalSpend: 500 });
  });
});

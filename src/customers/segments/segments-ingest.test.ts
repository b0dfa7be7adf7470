import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { waitForTraits } from '../traits.service.js';

let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Segments on ingest');
});
afterAll(async () => t?.close());

interface Page { data: { id: string; email: string | null }[] }

const members = async (segmentId: string) =>
  (await call<Page>(t.app, 'GET', `/api/v1/segments/${segmentId}/members`, { key: a.keys.viewer })).body.data.map((m) => m.email);

// Membership follows a 2xx within the staleness bound (traits-staleness.test.ts); here, exactly when.
async function send(events: unknown[]) {
  const r = await call<{ accepted: number }>(t.app, 'POST', '/api/v1/events', { key: a.keys.agent, body: { events } });
  await waitForTraits(t.rt.ctx, a.workspaceId);
  return r;
}

describe('segments follow ingested events', () => {
  it('lets a customer enter on the event that makes the rule true and leave on the one that ends it', async () => {
    const repeat = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst,
      body: { name: 'Repeat buyers (90 days)', rules: { event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 2 } },
    });
    const detractors = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', {
      key: a.keys.analyst, body: { name: 'Detractors', rules: { field: 'npsCategory', op: 'eq', value: 'detractor' } },
    });
    expect([repeat.status, detractors.status]).toEqual([201, 201]);
    const customer = { email: 'mette@example.dk' };
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();

    expect((await send([{ type: 'purchase', customer, occurredAt: at(10), properties: { orderId: 'A1', amount: 1999, currency: 'DKK' } }])).status).toBeLessThan(300);
    expect(await members(repeat.body.id)).toEqual([]);
    await send([{ type: 'purchase', customer, occurredAt: at(2), properties: { orderId: 'A2', amount: 4999, currency: 'DKK' } }]);
    expect(await members(repeat.body.id)).toEqual(['mette@example.dk']);

    await send([{ type: 'survey_response', customer, occurredAt: at(1), properties: { metric: 'nps', score: 3, comment: 'Slow delivery' } }]);
    expect(await members(detractors.body.id)).toEqual(['mette@example.dk']);
    await send([{ type: 'survey_response', customer, occurredAt: at(0), properties: { metric: 'nps', score: 10 } }]);
    expect(await members(detractors.body.id)).toEqual([]);

    const history = await call<{ data: { entered: number; left: number; size: number }[] }>(
      t.app, 'GET', `/api/v1/segments/${detractors.body.id}/history`, { key: a.keys.viewer });
    expect(history.body.data.at(-1)).toMatchObject({ entered: 1, left: 1, size: 0 });
  });
});

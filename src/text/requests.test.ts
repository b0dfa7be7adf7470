import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { waitForTraits } from '../customers/traits.service.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Topic { topic: string; count: number; customers: number; customerValue: { totalSpend: number; clv: number }; status: string; notifiedCount: number; examples: { text: string }[] }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Requests A');
  b = await buildWorkspace(t.rt.ctx, 'Requests B');
});
afterAll(async () => t?.close());

async function customerWithSpend(email: string, amount: number): Promise<string> {
  const r = await call<{ results: { customerId: string }[] }>(t.app, 'POST', '/api/v1/events', {
    key: a.keys.admin,
    body: { events: [{ type: 'purchase', customer: { email }, properties: { amount, currency: 'EUR' } }] },
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body.results[0].customerId;
}

describe('feature-request list', () => {
  it('groups requests across languages into topics with the askers, their value, status and a notify action', async () => {
    const ann = await customerWithSpend('ann@example.com', 10_000);
    const bo = await customerWithSpend('bo@example.com', 2_500);
    await waitForTraits(t.rt.ctx, a.workspaceId);
    await analyzeSourceTexts(t.rt.ctx.db, a.workspaceId, [
      { source: 'survey_response', sourceId: 'r1:q', text: 'Please add Apple Pay to the app', language: 'en', customerId: ann },
      { source: 'survey_response', sourceId: 'r2:q', text: 'Det ville være godt hvis appen kunne vise ordrestatus', language: 'da', customerId: bo },
      { source: 'survey_response', sourceId: 'r3:q', text: '希望能在软件里查看订单', language: 'zh' },
      { source: 'survey_response', sourceId: 'r4:q', text: 'Great shop, fast delivery', language: 'en', customerId: ann },
    ]);
    const list = await call<{ data: Topic[] }>(t.app, 'GET', '/api/v1/text/requests', { key: a.keys.viewer });
    expect(list.status).toBe(200);
    const app = list.body.data.find((x) => x.topic === 'app');
    // English, Danish and Chinese asked about the same thing.
    expect(app).toMatchObject({ count: 3, customers: 2, customerValue: { totalSpend: 12_500, clv: 12_500 }, status: 'new', notifiedCount: 0 });
    expect(list.body.data.map((x) => x.topic)).not.toContain('delivery');

    const who = await call<{ data: { email: string; clv: number }[] }>(t.app, 'GET', '/api/v1/text/requests/app/customers', { key: a.keys.analyst });
    expect(who.body.data.map((c) => [c.email, c.clv])).toEqual([['ann@example.com', 10_000], ['bo@example.com', 2_500]]);

    const planned = await call(t.app, 'PATCH', '/api/v1/text/requests/app', { key: a.keys.analyst, body: { status: 'planned' } });
    expect(planned.status).toBe(200);
    const notify = await call<{ notified: number; skipped: number }>(t.app, 'POST', '/api/v1/text/requests/app/notify', {
      key: a.keys.admin,
      body: { subject: 'Order status is coming', message: 'You asked for it: <b>order status</b> in the app ships next week.' },
    });
    expect(notify.status).toBe(200);
    expect(notify.body).toEqual({ notified: 2, skipped: 0 });
    const outbox = await call<{ data: { to: string; subject: string; kind: string }[] }>(t.app, 'GET', '/api/v1/outbox', { key: a.keys.admin });
    expect(outbox.body.data.filter((m) => m.subject === 'Order status is coming').length).toBe(2);
    const after = (await call<{ data: Topic[] }>(t.app, 'GET', '/api/v1/text/requests', { key: a.keys.viewer })).body.data.find((x) => x.topic === 'app');
    expect(after).toMatchObject({ status: 'planned', notifiedCount: 2 });
    const audit = await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log', { key: a.keys.admin });
    expect(audit.body.data.map((e) => e.action)).toEqual(expect.arrayContaining(['text.request.status', 'text.request.notify']));
  });

  it('refuses bad input, the wrong role and another workspace', async () => {
    expect((await call(t.app, 'PATCH', '/api/v1/text/requests/app', { key: a.keys.admin, body: { status: 'shipped' } })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/text/requests/app/notify', { key: a.keys.admin, body: { subject: '' } })).status).toBe(422);
    expect((await call(t.app, 'PATCH', '/api/v1/text/requests/app', { key: a.keys.agent, body: { status: 'done' } })).status).toBe(403);
    expect((await call(t.app, 'PATCH', '/api/v1/text/requests/nothing-here', { key: a.keys.admin, body: { status: 'done' } })).status).toBe(404);
    expect((await call<{ data: Topic[] }>(t.app, 'GET', '/api/v1/text/requests', { key: b.keys.viewer })).body.data).toEqual([]);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: '/api/v1/text/requests/app/customers' },
      { method: 'PATCH', url: '/api/v1/text/requests/app', body: { status: 'done' } },
      { method: 'POST', url: '/api/v1/text/requests/app/notify', body: { subject: 'x', message: 'y' } },
    ]);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { auditLog } from '../audit/audit.tables.js';
import type { IngestResult } from './customers.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Export {
  customer: { id: string; email: string | null; name: string | null; attributes: Record<string, unknown>; erasedAt: string | null; traits: { orderCount: number; totalSpend: number } };
  identities: { kind: string; value: string }[];
  events: { type: string; amount: number | null; clientId: string | null; properties: Record<string, unknown> }[];
  merges: { loserSnapshot: Record<string, unknown> }[];
}

const events = (key: string, list: object[]) => call<IngestResult>(t.app, 'POST', '/api/v1/events', { key, body: { events: list } });
const audits = (action: string) =>
  t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, action)));

describe('export and erasure', () => {
  let id: string;
  const email = 'erase.me@example.com';
  const history = [
    { id: 'gdpr-1', type: 'purchase', customer: { email, anonymousId: 'gdpr-anon' }, properties: { orderId: 'o-9', amount: 4200, currency: 'EUR', items: [{ sku: 'x' }] } },
    { id: 'gdpr-2', type: 'survey_response', customer: { email }, properties: { metric: 'nps', score: 3, comment: 'Ring me at +45 12345678, the parcel was late' } },
  ];

  beforeAll(async () => {
    await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { email, name: 'Erase Me', phone: '+45 12345678', attributes: { shoe_size: 44 } } });
    await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { externalId: 'gdpr-x', name: 'Second Profile' } });
    const r = await events(a.keys.agent, [...history, { type: 'page_view', customer: { email, externalId: 'gdpr-x' } }]);
    id = r.body.results[0].customerId!;
    await call(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.agent, body: { text: 'Prefers phone calls' } });
  });

  it('exports everything held about the customer, audited, for admins only', async () => {
    expect((await call(t.app, 'GET', `/api/v1/customers/${id}/export`, { key: a.keys.analyst })).status).toBe(403);
    const r = await call<Export>(t.app, 'GET', `/api/v1/customers/${id}/export`, { key: a.keys.admin });
    expect(r.status).toBe(200);
    expect(r.body.customer).toMatchObject({ email, name: 'Erase Me', attributes: { shoe_size: 44 } });
    expect(r.body.identities.map((i) => i.kind).sort()).toEqual(['anonymous_id', 'email', 'external_id', 'phone']);
    expect(r.body.events.map((e) => e.type).sort()).toEqual(['note', 'page_view', 'purchase', 'survey_response']);
    expect(JSON.stringify(r.body)).toContain('parcel was late');
    expect(r.body.merges[0].loserSnapshot).toMatchObject({ name: 'Second Profile' });
    expect(await audits('customer.exported')).toHaveLength(1);
  });

  it('erases personal data, keeps aggregates, audits, and suppresses the identifiers', async () => {
    expect((await call(t.app, 'DELETE', `/api/v1/customers/${id}`, { key: a.keys.agent })).status).toBe(403);
    const del = await call<Export['customer']>(t.app, 'DELETE', `/api/v1/customers/${id}`, { key: a.keys.admin });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ email: null, name: null, attributes: {}, traits: { orderCount: 1, totalSpend: 4200 } });
    expect(del.body.erasedAt).not.toBeNull();
    const [entry] = await audits('customer.erased');
    expect(entry).toMatchObject({ targetId: id });
    expect(JSON.stringify(entry.details)).not.toContain(email);

    const after = await call<Export>(t.app, 'GET', `/api/v1/customers/${id}/export`, { key: a.keys.admin });
    expect(after.body.identities).toEqual([]);
    expect(after.body.customer).toMatchObject({ email: null, name: null, attributes: {} });
    const text = JSON.stringify(after.body);
    for (const secret of ['parcel was late', 'Prefers phone', 'erase.me', 'Erase Me', 'Second Profile', 'gdpr-anon', '12345678', 'gdpr-x', 'sku']) {
      expect(text, secret).not.toContain(secret);
    }
    const purchase = after.body.events.find((e) => e.type === 'purchase')!;
    expect(purchase).toMatchObject({ amount: 4200, clientId: 'gdpr-1', properties: { orderId: 'o-9', amount: 4200, currency: 'EUR' } });
    expect(after.body.events.find((e) => e.type === 'survey_response')!.properties).toEqual({ metric: 'nps', score: 3 });

    expect((await call(t.app, 'GET', `/api/v1/customers?email=${email}`, { key: a.keys.admin })).body).toMatchObject({ data: [] });
  });

  it('treats a retried old event as a duplicate and refuses new data naming the erased person', async () => {
    const retry = await events(a.keys.agent, history);
    expect(retry.body).toMatchObject({ duplicates: 2, accepted: 0, rejected: 0 });
    const fresh = await events(a.keys.agent, [
      { type: 'page_view', customer: { email: 'ERASE.ME@example.com' } },
      { type: 'page_view', customer: { anonymousId: 'gdpr-anon', email: 'someone.else@example.com' } },
      { type: 'page_view', customer: { externalId: 'gdpr-x' } },
    ]);
    expect(fresh.body.results.map((r) => r.error)).toEqual(['customer was erased', 'customer was erased', 'customer was erased']);
    const up = await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { phone: '0045 1234 5678', name: 'Back again' } });
    expect(up.status).toBe(409);
    expect((await call(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.agent, body: { text: 'x' } })).status).toBe(409);
    expect((await call(t.app, 'PATCH', `/api/v1/customers/${id}`, { key: a.keys.agent, body: { name: 'x' } })).status).toBe(409);
    const twice = await call(t.app, 'DELETE', `/api/v1/customers/${id}`, { key: a.keys.admin });
    expect(twice.status).toBe(200);
    expect(await audits('customer.erased')).toHaveLength(1);
  });

  it('keeps other workspaces out and refuses bad ids', async () => {
    const other = (await events(a.keys.agent, [{ type: 'signup', customer: { email: 'stays@example.com' } }])).body.results[0].customerId!;
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'DELETE', url: `/api/v1/customers/${other}` },
      { method: 'GET', url: `/api/v1/customers/${other}/export` },
    ]);
    for (const url of ['/api/v1/customers/nope', '/api/v1/customers/nope/export']) {
      const r = await call(t.app, url.endsWith('export') ? 'GET' : 'DELETE', url, { key: a.keys.admin });
      expect(r.status).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'GET', `/api/v1/customers/${other}`, { key: a.keys.admin })).body).toMatchObject({ email: 'stays@example.com' });
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { auditLog } from '../audit/audit.tables.js';
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

interface Export {
  customer: { id: string; email: string | null; name: string | null; attributes: Record<string, unknown>; erasedAt: string | null; traits: { orderCount: number; totalSpend: number } };
  identities: { kind: string; value: string }[];
  events: { type: string; amount: number | null; clientId: string | null; properties: Record<string, unknown> }[];
  merges: { loserSnapshot: Record<string, unknown> }[];
}

const events = (key: string, list: object[]) => call<IngestResult>(t.app, 'POST', '/api/v1/events', { key, body: { events: list } });
const audits = (action: string) =>
  t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, action)));

let seeds = 0;

/** A customer with a purchase, a survey comment, a merged second profile and a note — fresh for each test. */
async function seedPerson() {
  const n = String(++seeds).padStart(2, '0');
  const tag = `${n}-${Date.now()}`;
  const email = `erase.me.${tag}@example.com`;
  const digits = `451234${n}78`;
  const names = { anon: `gdpr-anon-${tag}`, ext: `gdpr-x-${tag}` };
  const history = [
    { id: `gdpr-1-${tag}`, type: 'purchase', customer: { email, anonymousId: names.anon }, properties: { orderId: 'o-9', amount: 4200, currency: 'EUR', items: [{ sku: 'x' }] } },
    { id: `gdpr-2-${tag}`, type: 'survey_response', customer: { email }, properties: { metric: 'nps', score: 3, comment: `Ring me at +${digits}, the parcel was late` } },
  ];
  await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { email, name: 'Erase Me', phone: `+${digits}`, attributes: { shoe_size: 44 } } });
  await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { externalId: names.ext, name: 'Second Profile' } });
  const r = await events(a.keys.agent, [...history, { type: 'page_view', customer: { email, externalId: names.ext } }]);
  const id = r.body.results[0].customerId!;
  await call(t.app, 'POST', `/api/v1/customers/${id}/notes`, { key: a.keys.agent, body: { text: 'Prefers phone calls' } });
  return { id, email, digits, history, ...names };
}

const erase = (id: string, key = a.keys.admin) => call<Export['customer']>(t.app, 'DELETE', `/api/v1/customers/${id}`, { key });
const auditsOf = async (action: string, id: string) => (await audits(action)).filter((e) => e.targetId === id);

describe('export and erasure', () => {
  it('exports everything held about the customer, audited, for admins only', async () => {
    const { id, email } = await seedPerson();
    expect((await call(t.app, 'GET', `/api/v1/customers/${id}/export`, { key: a.keys.analyst })).status).toBe(403);
    const r = await call<Export>(t.app, 'GET', `/api/v1/customers/${id}/export`, { key: a.keys.admin });
    expect(r.status).toBe(200);
    expect(r.body.customer).toMatchObject({ email, name: 'Erase Me', attributes: { shoe_size: 44 } });
    expect(r.body.identities.map((i) => i.kind).sort()).toEqual(['anonymous_id', 'email', 'external_id', 'phone']);
    expect(r.body.events.map((e) => e.type).sort()).toEqual(['note', 'page_view', 'purchase', 'survey_response']);
    expect(JSON.stringify(r.body)).toContain('parcel was late');
    expect(r.body.merges[0].loserSnapshot).toMatchObject({ name: 'Second Profile' });
    expect(await auditsOf('customer.exported', id)).toHaveLength(1);
  });

  it('erases personal data, keeps aggregates, audits, and suppresses the identifiers', async () => {
    const p = await seedPerson();
    // The aggregates to keep: the purchase's traits, refreshed in the background after the ingest.
    await waitForTraits(t.rt.ctx, a.workspaceId);
    expect((await erase(p.id, a.keys.agent)).status).toBe(403);
    const del = await erase(p.id);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ email: null, name: null, attributes: {}, traits: { orderCount: 1, totalSpend: 4200 } });
    expect(del.body.erasedAt).not.toBeNull();
    const [entry] = await auditsOf('customer.erased', p.id);
    expect(entry).toMatchObject({ targetId: p.id });
    expect(JSON.stringify(entry.details)).not.toContain(p.email);

    const after = await call<Export>(t.app, 'GET', `/api/v1/customers/${p.id}/export`, { key: a.keys.admin });
    expect(after.body.identities).toEqual([]);
    expect(after.body.customer).toMatchObject({ email: null, name: null, attributes: {} });
    const text = JSON.stringify(after.body);
    for (const secret of ['parcel was late', 'Prefers phone', 'erase.me', 'Erase Me', 'Second Profile', p.anon, p.digits, p.ext, 'sku']) {
      expect(text, secret).not.toContain(secret);
    }
    const purchase = after.body.events.find((e) => e.type === 'purchase')!;
    expect(purchase).toMatchObject({ amount: 4200, clientId: p.history[0].id, properties: { orderId: 'o-9', amount: 4200, currency: 'EUR' } });
    expect(after.body.events.find((e) => e.type === 'survey_response')!.properties).toEqual({ metric: 'nps', score: 3 });

    expect((await call(t.app, 'GET', `/api/v1/customers?email=${p.email}`, { key: a.keys.admin })).body).toMatchObject({ data: [] });
  });

  it('treats a retried old event as a duplicate and refuses new data naming the erased person', async () => {
    const p = await seedPerson();
    expect((await erase(p.id)).status).toBe(200);
    const retry = await events(a.keys.agent, p.history);
    expect(retry.body).toMatchObject({ duplicates: 2, accepted: 0, rejected: 0 });
    const fresh = await events(a.keys.agent, [
      { type: 'page_view', customer: { email: p.email.toUpperCase() } },
      { type: 'page_view', customer: { anonymousId: p.anon, email: `someone.else.${p.anon}@example.com` } },
      { type: 'page_view', customer: { externalId: p.ext } },
    ]);
    expect(fresh.body.results.map((r) => r.error)).toEqual(['customer was erased', 'customer was erased', 'customer was erased']);
    const spaced = `00${p.digits.slice(0, 2)} ${p.digits.slice(2, 6)} ${p.digits.slice(6)}`;
    const up = await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.agent, body: { phone: spaced, name: 'Back again' } });
    expect(up.status).toBe(409);
    expect((await call(t.app, 'POST', `/api/v1/customers/${p.id}/notes`, { key: a.keys.agent, body: { text: 'x' } })).status).toBe(409);
    expect((await call(t.app, 'PATCH', `/api/v1/customers/${p.id}`, { key: a.keys.agent, body: { name: 'x' } })).status).toBe(409);
    expect((await erase(p.id)).status).toBe(200);
    expect(await auditsOf('customer.erased', p.id)).toHaveLength(1);
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

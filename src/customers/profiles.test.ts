import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { systemActor } from '../platform/context.js';
import { upsertCustomers } from './profiles.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
});
afterAll(async () => t?.close());

interface Customer {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, unknown>;
  updatedAt: string;
  identities?: { kind: string; value: string }[];
}
type Page = { data: Customer[]; nextCursor: string | null };
const upsert = (body: unknown, key = a.keys.agent) => call<Customer>(t.app, 'POST', '/api/v1/customers', { key, body });
const list = (query: string, key = a.keys.viewer) => call<Page>(t.app, 'GET', `/api/v1/customers?${query}`, { key });

describe('profile upsert', () => {
  it('creates (201), updates (200) and leaves an unchanged profile untouched, updated_at included', async () => {
    const body = { externalId: 'p-1', email: ' P1@Example.COM ', name: 'Ayşe Yılmaz', country: 'TR', attributes: { plan: 'gold', tenure: 12, vip: true, renewal: '2025-06-01' } };
    const created = await upsert(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId: 'p-1', email: 'p1@example.com', name: 'Ayşe Yılmaz' });
    const again = await upsert(body);
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(created.body.updatedAt);
    const svc = await upsertCustomers(t.rt.ctx, systemActor(a.workspaceId), [body, { externalId: 'p-1', name: 'Ayşe Y.' }]);
    expect(svc.results.map((r) => r.status)).toEqual(['updated', 'updated']);
    const same = await upsertCustomers(t.rt.ctx, systemActor(a.workspaceId), [{ externalId: 'p-1', name: 'Ayşe Y.' }]);
    expect(same.results[0].status).toBe('unchanged');

    const defs = await call<{ data: { key: string; type: string }[] }>(t.app, 'GET', '/api/v1/customer-attributes', { key: a.keys.viewer });
    expect(Object.fromEntries(defs.body.data.map((d) => [d.key, d.type]))).toMatchObject({ plan: 'string', tenure: 'number', vip: 'boolean', renewal: 'date' });
  });

  it('rejects a value that does not fit the attribute type, bad fields, and a profile without identifiers', async () => {
    const wrongType = await upsert({ externalId: 'p-2', attributes: { tenure: 'long' } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.contentType).toContain('application/problem+json');
    expect((await upsert({ name: 'Nobody' })).status).toBe(422);
    expect((await upsert({ email: 'no-at-sign' })).status).toBe(422);
    expect((await upsert({ externalId: 'p-2', birthDate: '1990-13-45' })).status).toBe(422);
    expect((await upsert({ externalId: 'p-2', attributes: { '1bad key': 1 } })).status).toBe(422);
    expect((await upsert({ externalId: 'p-2' }, a.keys.viewer)).status).toBe(403);
    const batch = await upsertCustomers(t.rt.ctx, systemActor(a.workspaceId), [{ externalId: 'p-3' }, { attributes: {} }, { externalId: 'p-4', attributes: { tenure: 'x' } }]);
    expect(batch.results.map((r) => r.status)).toEqual(['created', 'rejected', 'rejected']);
  });

  it('ends on one profile when two large upserts bring the same new people concurrently', async () => {
    const rows = (n: number) => Array.from({ length: 600 }, (_, i) => ({ email: `bulk-${i}@example.com`, anonymousId: `bulk-anon-${n}-${i}` }));
    const actor = systemActor(a.workspaceId);
    const [r1, r2] = await Promise.all([upsertCustomers(t.rt.ctx, actor, rows(1)), upsertCustomers(t.rt.ctx, actor, rows(2))]);
    for (let i = 0; i < 600; i += 97) expect(r1.results[i].customerId).toBe(r2.results[i].customerId);
    const one = await list('email=bulk-42@example.com');
    expect(one.body.data).toHaveLength(1);
  });
});

describe('GET /customers', () => {
  beforeAll(async () => {
    const people = [
      { externalId: 'L-1', name: 'Mette Frederiksen', email: 'mette@example.dk', country: 'DK', language: 'da', attributes: { plan: 'basic', tenure: 3, vip: false, renewal: '2024-01-10' } },
      { externalId: 'L-2', name: 'Li Wei', email: 'li.wei@example.cn', country: 'CN', language: 'zh', attributes: { plan: 'gold', tenure: 24, vip: true, renewal: '2025-03-01' } },
      { externalId: 'L-3', name: 'Hans Müller', email: 'hans@example.de', country: 'DE', language: 'de', attributes: { plan: 'gold', tenure: 60, vip: false, renewal: '2026-07-15' } },
      { externalId: 'L-4', name: 'Emre Demir', email: 'emre@example.com.tr', country: 'TR', language: 'tr', marketingConsent: true, attributes: { plan: 'Month-to-month' } },
    ];
    const r = await upsertCustomers(t.rt.ctx, systemActor(a.workspaceId), people);
    expect(r.results.every((x) => x.status === 'created')).toBe(true);
  });

  it('finds by text (case-insensitive, also inside e-mail and external id), e-mail and external id', async () => {
    expect((await list('q=müller')).body.data.map((c) => c.externalId)).toEqual(['L-3']);
    expect((await list('q=EXAMPLE.CN')).body.data.map((c) => c.externalId)).toEqual(['L-2']);
    expect((await list('q=L-4')).body.data[0].attributes.plan).toBe('Month-to-month');
    expect((await list('q=100%25')).body.data).toHaveLength(0);
    expect((await list('email=HANS@example.de')).body.data.map((c) => c.externalId)).toEqual(['L-3']);
    expect((await list('externalId=L-1')).body.data.map((c) => c.name)).toEqual(['Mette Frederiksen']);
  });

  it('filters by typed attributes, country, language and consent', async () => {
    const ids = async (q: string) => (await list(`${q}&q=L-&sort=name&limit=200`)).body.data.map((c) => c.externalId).filter((x) => x?.startsWith('L-'));
    expect(await ids('attr.plan=gold')).toEqual(['L-3', 'L-2']);
    expect(await ids('attr.tenure.gte=24')).toEqual(['L-3', 'L-2']);
    expect(await ids('attr.tenure.lt=24')).toEqual(['L-1']);
    expect(await ids('attr.vip=true')).toEqual(['L-2']);
    expect(await ids('attr.renewal.lt=2025-06-01')).toEqual(['L-2', 'L-1']);
    expect(await ids('attr.plan.contains=month')).toEqual(['L-4']);
    expect(await ids('attr.tenure.exists=false')).toEqual(['L-4']);
    expect(await ids('country=dk')).toEqual(['L-1']);
    expect(await ids('language=zh')).toEqual(['L-2']);
    expect(await ids('marketingConsent=true')).toEqual(['L-4']);
    expect(await ids('lifecycleStage=new&attr.plan=gold')).toEqual(['L-3', 'L-2']);
  });

  it('refuses unknown attributes, wrong value types, bad cursors and bad parameters with 400', async () => {
    for (const q of ['attr.nope=1', 'attr.tenure.gte=abc', 'attr.vip=maybe', 'attr.tenure.between=1', 'cursor=garbage', 'limit=0', 'limit=500', 'sort=shoeSize', 'segment=x', 'lifecycleStage=zombie']) {
      const r = await list(q);
      expect(r.status, q).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
  });

  it('pages with an opaque cursor without skipping or repeating anyone', async () => {
    for (const sort of ['lastSeenAt', 'createdAt', 'totalSpend', 'name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: Page } = await list(`attr.plan.exists=true&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...r.body.data.map((c) => c.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      const all = await list(`attr.plan.exists=true&limit=200&sort=${sort}`);
      expect(all.body.data.length).toBeGreaterThanOrEqual(5);
      expect(seen, sort).toEqual(all.body.data.map((c) => c.id));
      expect(new Set(seen).size).toBe(seen.length);
    }
  });

  it('shows another workspace nothing', async () => {
    expect((await list('q=müller', b.keys.admin)).body.data).toHaveLength(0);
    expect((await list('email=hans@example.de', b.keys.admin)).body.data).toHaveLength(0);
  });
});

describe('PATCH /customers/{id}', () => {
  it('edits fields, merges attributes, adds a new e-mail as identity and refuses one of another person', async () => {
    const [hans] = (await list('externalId=L-3')).body.data;
    const r = await call<Customer>(t.app, 'PATCH', `/api/v1/customers/${hans.id}`, {
      key: a.keys.agent,
      body: { name: 'Hans Mueller', email: 'hans.mueller@example.de', attributes: { plan: null, nps_owner: 'Team DE' } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Hans Mueller', email: 'hans.mueller@example.de' });
    expect(r.body.attributes).toEqual({ tenure: 60, vip: false, renewal: '2026-07-15', nps_owner: 'Team DE' });
    expect(r.body.identities!.map((i) => i.value)).toEqual(expect.arrayContaining(['hans@example.de', 'hans.mueller@example.de']));
    const taken = await call(t.app, 'PATCH', `/api/v1/customers/${hans.id}`, { key: a.keys.agent, body: { email: 'mette@example.dk' } });
    expect(taken.status).toBe(409);
    for (const body of [{}, { email: 'nope' }, { attributes: { tenure: 'x' } }, { marketingConsent: 'yes' }]) {
      const bad = await call(t.app, 'PATCH', `/api/v1/customers/${hans.id}`, { key: a.keys.agent, body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
    }
    expect((await call(t.app, 'PATCH', '/api/v1/customers/123', { key: a.keys.agent, body: { name: 'x' } })).status).toBe(400);
    const badGet = await call(t.app, 'GET', '/api/v1/customers/123', { key: a.keys.viewer });
    expect(badGet.status).toBe(400);
    expect(badGet.contentType).toContain('application/problem+json');
    expect((await call(t.app, 'GET', '/api/v1/customers/0190aaaa-0000-7000-8000-000000000000', { key: a.keys.viewer })).status).toBe(404);
    expect((await call(t.app, 'PATCH', `/api/v1/customers/${hans.id}`, { key: a.keys.viewer, body: { name: 'x' } })).status).toBe(403);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/customers/${hans.id}` },
      { method: 'PATCH', url: `/api/v1/customers/${hans.id}`, body: { name: 'Hijack' } },
    ]);
  });
});

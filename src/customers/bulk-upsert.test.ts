import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace } from '../../test/factories.js';
import { systemActor } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { attributeDefinitions, customerIdentities, customerMerges, customers } from './customers.tables.js';
import type { TCustomerInput, UpsertResult } from './customers.schemas.js';
import { bulkUpsertCustomers, MAX_BULK_UPSERT_BATCH } from './bulk-upsert.js';
import { upsertCustomers } from './profiles.service.js';
import { eraseCustomer } from './privacy.service.js';

let t: TestApp;
let general: string;
let bulk: string;

// Both workspaces start alike; one gets each batch through upsertCustomers, the other through bulkUpsertCustomers.
const SEED: TCustomerInput[] = [
  { externalId: 'e-1', email: 'e1@example.com', name: 'Eva', attributes: { plan: 'gold' } },
  { externalId: 'e-2', name: 'Emil' },
  { externalId: 'e-3', name: 'Esra' },
  { externalId: 'e-4', attributes: { plan: 'basic', size: 2, NULL: 'a key, not a null' } },
  { externalId: 'm-1', name: 'Older half' },
  { email: 'm2@example.com', name: 'Newer half', city: 'Aarhus' },
];

const BATCH: (TCustomerInput | Record<string, unknown>)[] = [
  { externalId: 'n-1', email: ' N1@Example.com ', name: 'Nina', attributes: { tier: 3, vip: true, since: '2024-01-02' } }, // new
  { externalId: 'e-1', name: 'Eva' }, // known, nothing changes
  { externalId: 'e-2', name: 'Emil H.', country: 'DK', attributes: { plan: 'pro' } }, // known, changes
  { externalId: 'm-1', email: 'm2@example.com' }, // names two profiles: a merge
  { email: 'gone@example.com', name: 'Back again?' }, // erased
  { externalId: 'n-2', attributes: { tier: 'high' } }, // tier is a number (typed by row 0)
  { email: 'not-an-email' }, // invalid
  { name: 'Nobody' }, // no identifier
  { email: 'pair@example.com', name: 'Pat' }, // two rows about one new person
  { email: 'pair@example.com', phone: '+45 12 34 56 78' },
  { externalId: 'e-3', phone: '0045 99 88 77 66' }, // known, gains an identifier
  { anonymousId: 'anon-1', social: { twitter: 'nina_dk' }, marketingConsent: true, surveyConsent: false }, // new, no e-mail
  { externalId: 'e-4', attributes: { plan: null, NULL: null, size: 3 } }, // known, attributes removed
  { externalId: 'n-3', birthDate: '1984-02-29', gender: '' }, // new, empty text kept as sent
];

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['General', 'Bulk']) {
    const ws = await buildWorkspace(t.rt.ctx, name);
    const actor = systemActor(ws.workspaceId);
    const seeded = await upsertCustomers(t.rt.ctx, actor, [...SEED, { email: 'gone@example.com', name: 'Gone' }]);
    await eraseCustomer(t.rt.ctx, actor, seeded.results[SEED.length].customerId!);
    if (name === 'General') general = ws.workspaceId;
    else bulk = ws.workspaceId;
  }
});
afterAll(async () => t?.close());

/** A workspace's profiles, identities, attribute types and merges, keyed by what identifies them (ids and times differ). */
async function snapshot(ws: string) {
  const db = t.rt.ctx.db;
  const rows = await db.select().from(customers).where(eq(customers.workspaceId, ws));
  const key = new Map(rows.map((c) => [c.id, c.externalId ?? c.email ?? c.phone ?? `#${c.social.twitter ?? '?'}`]));
  const ids = await db
    .select({ kind: customerIdentities.kind, value: customerIdentities.value, customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(eq(customerIdentities.workspaceId, ws))
    .orderBy(asc(customerIdentities.kind), asc(customerIdentities.value));
  const defs = await db.select({ key: attributeDefinitions.key, type: attributeDefinitions.type }).from(attributeDefinitions).where(eq(attributeDefinitions.workspaceId, ws));
  const merges = await db.select({ winner: customerMerges.winnerId, loser: customerMerges.loserId, reason: customerMerges.reason }).from(customerMerges).where(eq(customerMerges.workspaceId, ws));
  return {
    profiles: rows
      .map(({ id, workspaceId: _ws, createdAt: _c, firstSeenAt: _f, lastSeenAt: _l, updatedAt: _u, mergedInto, erasedAt, ...rest }) => ({
        key: key.get(id),
        mergedInto: mergedInto ? key.get(mergedInto) : null,
        erased: erasedAt !== null,
        ...rest,
      }))
      .sort((a, b) => String(a.key).localeCompare(String(b.key))),
    identities: ids.map((i) => `${i.kind}:${i.value} → ${key.get(i.customerId)}`),
    attributeTypes: Object.fromEntries(defs.map((d) => [d.key, d.type])),
    merges: merges.map((m) => `${key.get(m.loser)} → ${key.get(m.winner)} (${m.reason})`),
  };
}

const updatedAt = async (ws: string) =>
  (await t.rt.ctx.db.select({ id: customers.id, at: customers.updatedAt }).from(customers).where(eq(customers.workspaceId, ws)).orderBy(asc(customers.id))).map(
    (r) => `${r.id} ${r.at.toISOString()}`,
  );

/** Outcomes without customer ids (they differ between workspaces) but with which rows share a customer. */
const outcomes = (r: UpsertResult) =>
  r.results.map((o) => ({ status: o.status, error: o.error, sameAs: o.customerId ? r.results.findIndex((x) => x.customerId === o.customerId) : undefined }));

describe('bulkUpsertCustomers', () => {
  it('gives the same outcomes and leaves the same data as upsertCustomers: new, known, merged, erased, invalid and linked rows', async () => {
    const viaGeneral = await upsertCustomers(t.rt.ctx, systemActor(general), BATCH, { source: 'import' });
    const viaBulk = await bulkUpsertCustomers(t.rt.ctx, systemActor(bulk), BATCH, { source: 'import' });
    expect(outcomes(viaBulk)).toEqual(outcomes(viaGeneral));
    expect(viaBulk.results.map((r) => r.status)).toEqual([
      'created', 'unchanged', 'updated', 'updated', 'rejected', 'rejected', 'rejected', 'rejected',
      'created', 'created', 'unchanged', 'created', 'updated', 'created',
    ]);
    expect(viaBulk.results[4].error).toBe('customer was erased');
    expect(viaBulk.results[5].error).toMatch(/attributes\.tier: must be a number/);
    expect(viaBulk.results[8].customerId).toBe(viaBulk.results[9].customerId);

    const [a, b] = [await snapshot(general), await snapshot(bulk)];
    expect(b).toEqual(a);
    expect(b.merges).toEqual(['m2@example.com → m-1 (import)']);
    expect(b.attributeTypes).toMatchObject({ tier: 'number', vip: 'boolean', since: 'date', plan: 'string', size: 'number' });
    expect(b.profiles.find((p) => p.key === 'e-4')?.attributes).toEqual({ size: 3 });
    expect(b.profiles.find((p) => p.key === 'n-3')).toMatchObject({ birthDate: '1984-02-29', gender: '' });
    expect(b.identities).toContain('phone:+4599887766 → e-3');
  });

  it('changes nothing when the same batch comes again, updated_at included', async () => {
    const before = await updatedAt(bulk);
    const again = await bulkUpsertCustomers(t.rt.ctx, systemActor(bulk), BATCH, { source: 'import' });
    const reference = await upsertCustomers(t.rt.ctx, systemActor(general), BATCH, { source: 'import' });
    expect(outcomes(again)).toEqual(outcomes(reference));
    expect(new Set(again.results.map((r) => r.status))).toEqual(new Set(['unchanged', 'rejected']));
    expect(await updatedAt(bulk)).toEqual(before);
    expect(await snapshot(bulk)).toEqual(await snapshot(general));
  });

  it('refuses text PostgreSQL cannot store row by row, keeping the rest of the batch', async () => {
    const r = await bulkUpsertCustomers(t.rt.ctx, systemActor(bulk), [
      { externalId: 'text-1', name: 'Nul\u0000Byte' },
      { externalId: 'text-2', attributes: { note: 'half a pair \ud83d' } },
      { externalId: 'text-3', attributes: { note: 'nul \u0000 in an attribute' } },
      { externalId: 'text-4', name: 'Zoë 😀 Øster' },
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected', 'created']);
    expect(r.results[0].error).toMatch(/NUL/);
  });

  it('takes batches beyond the API limit in one transaction, and refuses more than its own', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ externalId: `big-${i}`, email: `big-${i}@example.com`, attributes: { n: i } }));
    const r = await bulkUpsertCustomers(t.rt.ctx, systemActor(bulk), rows, { source: 'import' });
    expect(r.results.filter((x) => x.status === 'created')).toHaveLength(6000);
    const [stored] = await t.rt.ctx.db
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, bulk), eq(customers.externalId, 'big-5999')));
    expect(stored).toMatchObject({ email: 'big-5999@example.com', attributes: { n: 5999 } });
    const tooMany = bulkUpsertCustomers(t.rt.ctx, systemActor(bulk), Array.from({ length: MAX_BULK_UPSERT_BATCH + 1 }, () => ({ externalId: 'x' })));
    await expect(tooMany).rejects.toBeInstanceOf(AppError);
  });

  it('ends on one profile per person when two batches bring the same new people concurrently', async () => {
    const rows = (n: number) => Array.from({ length: 600 }, (_, i) => ({ email: `race-${i}@example.com`, anonymousId: `race-anon-${n}-${i}` }));
    const actor = systemActor(bulk);
    const [r1, r2] = await Promise.all([bulkUpsertCustomers(t.rt.ctx, actor, rows(1)), bulkUpsertCustomers(t.rt.ctx, actor, rows(2))]);
    for (let i = 0; i < 600; i += 37) expect(r1.results[i].customerId).toBe(r2.results[i].customerId);
    const owners = await t.rt.ctx.db
      .select({ customerId: customerIdentities.customerId })
      .from(customerIdentities)
      .where(and(eq(customerIdentities.workspaceId, bulk), eq(customerIdentities.value, 'race-anon-2-42')));
    expect(owners.map((o) => o.customerId)).toEqual([r1.results[42].customerId]);
  });
});

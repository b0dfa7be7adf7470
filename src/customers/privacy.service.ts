import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../platform/context.js';
import { selectRows } from '../platform/db/client.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { recordAudit } from '../audit/audit.service.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { customerEvents, customerIdentities, customerMerges, customers } from './customers.tables.js';
import { presentCustomer, resolveCustomer, getCustomer } from './customer-queries.js';
import { identifiersOf, suppressionHash, type Identifier } from './identity.js';
import { withMergedDescendants } from './merges.service.js';

/**
 * Property keys kept on an erased customer's events besides numbers and booleans: structural ids
 * and survey metadata that carry no personal data. Everything else (comments, notes, messages,
 * free text) is removed.
 */
export const KEPT_PROPERTY_KEYS = ['metric', 'surveyId', 'surveyName', 'responseId', 'orderId', 'caseId', 'team', 'plan', 'currency'];

/**
 * Everything held about one person (GDPR art. 15 / KVKK art. 11): profile, identities, every event,
 * merges including the snapshots of merged profiles, segment memberships. The export is audited.
 */
export async function exportCustomer(ctx: AppContext, actor: Actor, id: string) {
  const ws = actor.workspaceId;
  const detail = await getCustomer(ctx.db, ws, id);
  const events = await ctx.db
    .select()
    .from(customerEvents)
    .where(and(eq(customerEvents.workspaceId, ws), eq(customerEvents.customerId, detail.id)))
    .orderBy(asc(customerEvents.occurredAt), asc(customerEvents.id));
  const mergeRows = detail.merges.length
    ? await ctx.db
        .select({ id: customerMerges.id, loserSnapshot: customerMerges.loserSnapshot })
        .from(customerMerges)
        .where(and(eq(customerMerges.workspaceId, ws), inArray(customerMerges.id, detail.merges.map((m) => m.id))))
    : [];
  const snapshots = new Map(mergeRows.map((m) => [m.id, m.loserSnapshot]));
  await recordAudit(ctx.db, actor, { action: 'customer.exported', targetType: 'customer', targetId: detail.id, details: { events: events.length } });
  const { identities, segments, merges, mergedFrom: _mergedFrom, ...customer } = detail;
  return {
    exportedAt: new Date(),
    customer,
    identities,
    events: events.map(({ workspaceId: _ws, customerId: _c, ...e }) => e),
    merges: merges.map((m) => ({ ...m, loserSnapshot: snapshots.get(m.id) ?? {} })),
    segments,
  };
}

/**
 * Erases a person (GDPR art. 17 / KVKK art. 7): personal fields, custom attributes, identities
 * and free-text event properties are removed from the profile and from every profile merged into
 * it; trait numbers and event rows (types, amounts, times) stay for aggregates. Hashes of the
 * identifiers go on the suppression list so neither a new event nor an upsert re-creates the person,
 * and events keep their client ids so a retried old event is a duplicate. Audited.
 */
export async function eraseCustomer(ctx: AppContext, actor: Actor, id: string) {
  const ws = actor.workspaceId;
  const done = await writeTransaction(ctx, async (tx) => {
    const { row } = await resolveCustomer(tx, ws, id);
    if (row.erasedAt) return { id: row.id, group: [] as string[], fresh: false };
    await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.workspaceId, ws), eq(customers.id, row.id))).for('update');
    const group = await withMergedDescendants(tx, ws, row.id);
    const held = await tx
      .select({ kind: customerIdentities.kind, value: customerIdentities.value })
      .from(customerIdentities)
      .where(and(eq(customerIdentities.workspaceId, ws), inArray(customerIdentities.customerId, group)));
    const profiles = await tx.select().from(customers).where(and(eq(customers.workspaceId, ws), inArray(customers.id, group)));
    const identifiers: Identifier[] = [
      ...held,
      ...profiles.flatMap((p) => identifiersOf({ externalId: p.externalId ?? undefined, email: p.email ?? undefined, phone: p.phone ?? undefined, social: p.social })),
    ];
    const hashes = [...new Set(identifiers.map(suppressionHash))];
    if (hashes.length > 0) {
      await tx.execute(sql`insert into customer_erased_identities (workspace_id, identity_hash)
                           select ${ws}::uuid, h from unnest(${sql.param(hashes)}::text[]) as h on conflict do nothing`);
    }
    const ids = sql.param(group);
    await tx.execute(sql`delete from customer_identities where workspace_id = ${ws} and customer_id = any(${ids}::uuid[])`);
    await tx.execute(sql`update customers set external_id = null, email = null, phone = null, name = null, language = null,
        country = null, city = null, birth_date = null, age_band = null, gender = null, income_band = null,
        marketing_consent = false, survey_consent = false, social = '{}'::jsonb, attributes = '{}'::jsonb,
        erased_at = now(), updated_at = now()
      where workspace_id = ${ws} and id = any(${ids}::uuid[])`);
    const events = await selectRows<{ n: number }>(
      tx,
      sql`with stripped as (update customer_events e set properties = (
            select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) from jsonb_each(e.properties) p
            where jsonb_typeof(p.value) in ('number', 'boolean') or p.key = any(${sql.param(KEPT_PROPERTY_KEYS)}::text[]))
          where e.workspace_id = ${ws} and e.customer_id = any(${ids}::uuid[])
          returning 1) select count(*)::int as n from stripped`,
    );
    await tx.execute(sql`update customer_merges set loser_snapshot = '{}'::jsonb, identifiers = '[]'::jsonb
      where workspace_id = ${ws} and (winner_id = any(${ids}::uuid[]) or loser_id = any(${ids}::uuid[]))`);
    await recordAudit(tx, actor, {
      action: 'customer.erased',
      targetType: 'customer',
      targetId: row.id,
      details: { mergedProfiles: group.length - 1, identifiers: hashes.length, events: events[0]?.n ?? 0 },
    });
    return { id: row.id, group, fresh: true };
  });
  if (done.fresh) await refreshSegmentsForCustomers(ctx, ws, done.group);
  const { row } = await resolveCustomer(ctx.db, ws, done.id);
  return presentCustomer(row, (await getWorkspace(ctx.db, ws)).baseCurrency);
}

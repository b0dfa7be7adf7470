import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { customerEvents, customerIdentities, customers } from './customers.tables.js';
import type { Identifier } from './identity.js';

/** Every event of a customer, oldest first (for the export). */
export async function findEventsOf(db: Db, ws: string, customerId: string) {
  return db
    .select()
    .from(customerEvents)
    .where(and(eq(customerEvents.workspaceId, ws), eq(customerEvents.customerId, customerId)))
    .orderBy(asc(customerEvents.occurredAt), asc(customerEvents.id));
}

/** The identities and profile rows of a group of customers (an erased profile and those merged into it). */
export async function findGroup(tx: Db, ws: string, ids: string[]) {
  const identities: Identifier[] = await tx
    .select({ kind: customerIdentities.kind, value: customerIdentities.value })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, ws), inArray(customerIdentities.customerId, ids)));
  const profiles = await tx.select().from(customers).where(and(eq(customers.workspaceId, ws), inArray(customers.id, ids)));
  return { identities, profiles };
}

/** Puts digests on the workspace's suppression list (idempotent). */
export async function suppressDigests(tx: Db, ws: string, digests: string[]): Promise<void> {
  if (digests.length === 0) return;
  await tx.execute(sql`insert into customer_erased_identities (workspace_id, identity_hash)
                       select ${ws}::uuid, h from unnest(${sql.param(digests)}::text[]) as h on conflict do nothing`);
}

/**
 * Removes a group's identities and personal fields, and from their events every property that is
 * not a number, a boolean or one of `keptKeys`; scrubs merge snapshots. Returns the events stripped.
 */
export async function erasePersonalData(tx: Db, ws: string, group: string[], keptKeys: readonly string[]): Promise<number> {
  const ids = sql.param(group);
  await tx.execute(sql`delete from customer_identities where workspace_id = ${ws} and customer_id = any(${ids}::uuid[])`);
  await tx.execute(sql`update customers set external_id = null, email = null, phone = null, name = null, language = null,
      country = null, city = null, birth_date = null, age_band = null, gender = null, income_band = null,
      marketing_consent = false, survey_consent = false, social = '{}'::jsonb, attributes = '{}'::jsonb,
      churn_factors = null,
      erased_at = now(), updated_at = now()
    where workspace_id = ${ws} and id = any(${ids}::uuid[])`);
  const [events] = await selectRows<{ n: number }>(
    tx,
    sql`with stripped as (update customer_events e set properties = (
          select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) from jsonb_each(e.properties) p
          where jsonb_typeof(p.value) in ('number', 'boolean') or p.key = any(${sql.param([...keptKeys])}::text[]))
        where e.workspace_id = ${ws} and e.customer_id = any(${ids}::uuid[])
        returning 1) select count(*)::int as n from stripped`,
  );
  await tx.execute(sql`update customer_merges set loser_snapshot = '{}'::jsonb, identifiers = '[]'::jsonb
    where workspace_id = ${ws} and (winner_id = any(${ids}::uuid[]) or loser_id = any(${ids}::uuid[]))`);
  return events?.n ?? 0;
}

import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { ConcurrentChange } from '../platform/db/transaction.js';
import { identifierKey, type Identifier } from './identity.js';

export const MAX_CHAIN = 32;

/** A surviving profile as identity resolution needs it: id, creation instant (µs), erased or not. */
export interface Root {
  id: string;
  createdUs: bigint;
  erased: boolean;
}

/**
 * Locks existing customers in id order, right before their traits or profiles are rewritten, so
 * concurrent batches touching the same person serialise only for that short last step. A profile
 * that was merged away or erased since it was resolved (by a transaction that committed meanwhile)
 * means this batch's view is stale: ConcurrentChange makes writeTransaction run it again.
 */
export async function lockCustomers(
  tx: Db,
  ws: string,
  ids: Iterable<string>,
  created: Set<string> = new Set(),
  // 'key share' (ingest, which only points events at the rows) still blocks merges and erasure
  // (FOR UPDATE) but not the trait refresher's NO KEY UPDATE.
  opts: { allowStale?: boolean; strength?: 'update' | 'key share' } = {},
): Promise<void> {
  const existing = [...new Set(ids)].filter((id) => !created.has(id)).sort();
  if (existing.length === 0) return;
  const rows = await selectRows<{ id: string; stale: boolean }>(
    tx,
    sql`select id, (merged_into is not null or erased_at is not null) as stale from customers
        where workspace_id = ${ws} and id = any(${sql.param(existing)}::uuid[]) order by id
        ${opts.strength === 'key share' ? sql`for key share` : sql`for update`}`,
  );
  if (!opts.allowStale && (rows.length !== existing.length || rows.some((r) => r.stale))) throw new ConcurrentChange();
}

export const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export type Seen = Map<string, { mergedInto: string | null; root: Root }>;

const rootOf = (r: { id: string; merged_into: string | null; created_us: string; erased: boolean }) => ({
  mergedInto: r.merged_into,
  root: { id: r.id, createdUs: BigInt(r.created_us), erased: r.erased },
});

/**
 * The customers owning these identifiers, with their profile row, in one statement (LATERAL, so
 * each is a primary-key lookup whatever the statistics say). Fills `seen` for readRoots.
 */
export async function readIdentities(tx: Db, ws: string, ids: Identifier[], seen: Seen): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.length === 0) return found;
  const rows = await selectRows<{ kind: string; value: string; id: string; merged_into: string | null; created_us: string; erased: boolean }>(
    tx,
    sql`select x.kind, x.value, c.id, c.merged_into, (extract(epoch from c.created_at) * 1000000)::bigint::text as created_us,
               c.erased_at is not null as erased
        from jsonb_to_recordset(${json(ids)}) as x(kind text, value text)
        cross join lateral (select i.customer_id from customer_identities i
                            where i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value) i
        cross join lateral (select * from customers c where c.workspace_id = ${ws} and c.id = i.customer_id) c`,
  );
  for (const r of rows) {
    found.set(identifierKey(r), r.id);
    seen.set(r.id, rootOf(r));
  }
  return found;
}

/**
 * Follows merged_into chains to the surviving profiles — without locks: rows are locked later,
 * briefly (lockCustomers), and a profile that changed meanwhile makes the transaction start over.
 */
export async function readRoots(tx: Db, ws: string, ids: Iterable<string>, seen: Seen = new Map()): Promise<Map<string, Root>> {
  const rows: Seen = new Map();
  let pending = [...new Set(ids)];
  for (let depth = 0; pending.length > 0 && depth < MAX_CHAIN; depth++) {
    const ask = pending.filter((id) => !seen.has(id));
    const got = ask.length
      ? await selectRows<{ id: string; merged_into: string | null; created_us: string; erased: boolean }>(
          tx,
          sql`select id, merged_into, (extract(epoch from created_at) * 1000000)::bigint::text as created_us,
                     erased_at is not null as erased
              from customers where workspace_id = ${ws} and id = any(${sql.param(ask)}::uuid[])`,
        )
      : [];
    for (const r of got) seen.set(r.id, rootOf(r));
    for (const id of pending) if (seen.has(id)) rows.set(id, seen.get(id)!);
    pending = pending.flatMap((id) => {
      const next = seen.get(id)?.mergedInto;
      return next && !rows.has(next) ? [next] : [];
    });
  }
  const roots = new Map<string, Root>();
  for (const id of rows.keys()) {
    let cur = rows.get(id)!;
    for (let i = 0; cur.mergedInto && rows.has(cur.mergedInto) && i < MAX_CHAIN; i++) cur = rows.get(cur.mergedInto)!;
    roots.set(id, cur.root);
  }
  return roots;
}

/** True when the workspace has erased anyone (most have not: their imports skip the suppression check). */
export async function hasSuppressed(tx: Db, workspaceId: string): Promise<boolean> {
  const [r] = await selectRows<{ yes: boolean }>(tx, sql`select exists (select 1 from customer_erased_identities where workspace_id = ${workspaceId}) as yes`);
  return r.yes;
}

/** The hashes among `hashes` that are on the workspace's suppression list (identifiers of erased customers). */
export async function findSuppressed(tx: Db, workspaceId: string, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await selectRows<{ h: string }>(
    tx,
    sql`select identity_hash as h from customer_erased_identities
        where workspace_id = ${workspaceId} and identity_hash = any(${sql.param([...new Set(hashes)])}::text[])`,
  );
  return new Set(rows.map((r) => r.h));
}

/** Inserts identities (skipping ones that exist); returns those this statement inserted. */
export async function insertIdentities(tx: Db, ws: string, rows: { kind: string; value: string; customer_id: string }[]): Promise<Identifier[]> {
  if (rows.length === 0) return [];
  return selectRows<Identifier>(
    tx,
    sql`insert into customer_identities (workspace_id, kind, value, customer_id, origin_customer_id)
        select ${ws}::uuid, x.kind, x.value, x.customer_id, x.customer_id
        from jsonb_to_recordset(${json(rows)}) as x(kind text, value text, customer_id uuid)
        on conflict do nothing returning kind, value`,
  );
}

/** Which of these identifiers already belong to a customer other than `customerId`. */
export async function findOtherOwners(tx: Db, ws: string, ids: Identifier[], customerId: string) {
  return selectRows<{ kind: string; customer_id: string }>(
    tx,
    sql`select i.kind, i.customer_id from jsonb_to_recordset(${json(ids)}) as x(kind text, value text)
        join customer_identities i on i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value
        where i.customer_id <> ${customerId}`,
  );
}

/** Hands every identity of a customer created in this transaction to another and deletes the created one. */
export async function foldCreatedCustomer(tx: Db, ws: string, createdId: string, intoId: string): Promise<void> {
  await tx.execute(sql`update customer_identities set customer_id = ${intoId}, origin_customer_id = ${intoId}
                       where workspace_id = ${ws} and customer_id = ${createdId}`);
  await tx.execute(sql`delete from customers where workspace_id = ${ws} and id = ${createdId}`);
}

/** Sets e-mail, phone or external id on customers that have none shown yet (`fill` per customer id). */
export async function fillPrimaryIdentifierColumns(tx: Db, ws: string, fill: { id: string; email?: string; phone?: string; external_id?: string }[]) {
  if (fill.length === 0) return;
  await tx.execute(sql`
    update customers c set email = coalesce(c.email, x.email), phone = coalesce(c.phone, x.phone),
      external_id = coalesce(c.external_id, x.external_id), updated_at = now()
    from jsonb_to_recordset(${json(fill)}) as x(id uuid, email text, phone text, external_id text)
    where c.workspace_id = ${ws} and c.id = x.id
      and ((c.email is null and x.email is not null) or (c.phone is null and x.phone is not null)
        or (c.external_id is null and x.external_id is not null))`);
}

/**
 * Serialises creation of the same new person by concurrent requests (PostgreSQL): one transaction-level
 * advisory lock per identifier, taken in sorted order so two batches cannot deadlock on them.
 */
export async function lockNewIdentifiers(tx: Db, ws: string, ids: Identifier[]): Promise<void> {
  await tx.execute(sql`select count(pg_advisory_xact_lock(k)) from (
    select distinct hashtextextended(${ws}::text || ':' || x.kind || ':' || x.value, 0) as k
    from jsonb_to_recordset(${json(ids)}) as x(kind text, value text) order by k) s`);
}

/** Refreshes planner statistics of the customer tables (bulk loads outrun autovacuum). */
export async function analyzeCustomerTables(db: Db): Promise<void> {
  await db.execute(sql`analyze customers, customer_identities, customer_events`);
}

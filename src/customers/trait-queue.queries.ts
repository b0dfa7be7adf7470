import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';

/**
 * The SQL of the trait queue (customer_trait_queue): what ingest leaves for the refresher and how
 * the refresher takes it. See traits.service.ts for the rules that make traits exact.
 */

/**
 * Asks for a full recompute of these customers (a merge moved events between them). The marker's
 * event id is the customer's own id, which no event carries. An existing marker is updated rather
 * than left alone: that row lock makes a refresher that is about to delete it wait for this
 * transaction, so it cannot delete the marker and recompute from a snapshot without our changes.
 */
export async function markForRecompute(tx: Db, ws: string, customerIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  await tx.execute(sql`
    insert into customer_trait_queue (workspace_id, event_id, customer_id)
    select ${ws}::uuid, id, id from unnest(${sql.param(ids)}::uuid[]) as x(id)
    on conflict (workspace_id, event_id) do update set queued_at = excluded.queued_at`);
}

/**
 * Serialises refresher rounds of one workspace across processes: two rounds folding the same
 * customer's events at once could each read traits the other is rewriting. A round that does not
 * get the lock leaves the work to the one holding it and looks again shortly.
 */
export async function tryLockRefresher(tx: Db, ws: string): Promise<boolean> {
  const [r] = await selectRows<{ ok: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`kunde:traits:${ws}`}::text, 0)) as ok`,
  );
  return r.ok;
}

export interface ClaimedWork {
  eventId: string;
  /** Whose traits the row changes: the event's customer now (a merge may have moved it since). */
  customerId: string;
  /** A marker asking for a full recompute, not an event. */
  full: boolean;
  /** False when the event is gone (its row was deleted since): nothing to fold. */
  exists: boolean;
}

/**
 * Takes up to `limit` rows off the workspace's queue, oldest first (event ids are UUIDv7). They are
 * deleted here and the traits applied in the same transaction, so a failed round leaves them queued.
 */
export async function claimTraitWork(tx: Db, ws: string, limit: number): Promise<ClaimedWork[]> {
  const rows = await selectRows<{ event_id: string; customer_id: string; full: boolean; exists: boolean }>(
    tx,
    sql`with claimed as (
          delete from customer_trait_queue q
          where q.workspace_id = ${ws} and q.event_id in (
            select event_id from customer_trait_queue where workspace_id = ${ws}
            order by event_id limit ${limit} for update skip locked)
          returning q.event_id, q.customer_id)
        select c.event_id, coalesce(e.customer_id, c.customer_id) as customer_id, c.event_id = c.customer_id as full,
               e.id is not null as exists
        from claimed c
        left join customer_events e on e.workspace_id = ${ws} and e.id = c.event_id`,
  );
  return rows.map((r) => ({ eventId: r.event_id, customerId: r.customer_id, full: r.full, exists: r.exists }));
}

/**
 * Locks the customers a round is about to rewrite, in id order. NO KEY UPDATE is what the UPDATE
 * would take anyway; taken first so the fold and recompute that follow read a snapshot in which
 * every other writer of these rows has committed. It does not wait for ingest, which only holds
 * KEY SHARE on the customers its events point at.
 */
export async function lockForTraits(tx: Db, ws: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.execute(sql`select 1 from customers where workspace_id = ${ws} and id = any(${sql.param([...customerIds].sort())}::uuid[])
                       order by id for no key update`);
}

/** Workspaces with queued work (for the sweep that picks up what a stopped process left). */
export async function workspacesWithTraitWork(db: Db): Promise<string[]> {
  const rows = await selectRows<{ workspace_id: string }>(db, sql`select distinct workspace_id from customer_trait_queue`);
  return rows.map((r) => r.workspace_id);
}

/** Whether the workspace still has queued rows (visible ones; rows being claimed count too). */
export async function hasTraitWork(db: Db, ws: string): Promise<boolean> {
  const [r] = await selectRows<{ yes: boolean }>(db, sql`select exists (select 1 from customer_trait_queue where workspace_id = ${ws}) as yes`);
  return r.yes;
}

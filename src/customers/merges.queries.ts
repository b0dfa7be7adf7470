import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { customerMerges, customers } from './customers.tables.js';

export type MergeRecord = typeof customerMerges.$inferInsert;
export type MergeRow = typeof customerMerges.$inferSelect;

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export async function findCustomerRows(tx: Db, ws: string, ids: string[], opts: { forUpdate?: boolean } = {}) {
  const q = tx.select().from(customers).where(and(eq(customers.workspaceId, ws), inArray(customers.id, ids))).orderBy(customers.id);
  return opts.forUpdate ? q.for('update') : q;
}

/**
 * Moves identities and events of each loser to its winner (keeping their origin), points the loser
 * at the winner, and records the merges.
 */
export async function applyMerges(tx: Db, ws: string, moves: { loser: string; winner: string }[], records: MergeRecord[]): Promise<void> {
  const m = sql`jsonb_to_recordset(${json(moves)}) as m(loser uuid, winner uuid)`;
  await tx.execute(sql`update customer_identities i set customer_id = m.winner from ${m}
                       where i.workspace_id = ${ws} and i.customer_id = m.loser`);
  await tx.execute(sql`update customer_events e set customer_id = m.winner from ${m}
                       where e.workspace_id = ${ws} and e.customer_id = m.loser`);
  await tx.execute(sql`update customers c set merged_into = m.winner, updated_at = now() from ${m}
                       where c.workspace_id = ${ws} and c.id = m.loser`);
  await tx.insert(customerMerges).values(records);
}

/** A profile and every profile merged into it, directly or through a chain. */
export async function withMergedDescendants(db: Db, ws: string, id: string): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`with recursive d(id) as (select ${id}::uuid union select c.id from customers c join d on c.merged_into = d.id
                                 where c.workspace_id = ${ws})
        select id from d`,
  );
  return rows.map((r) => r.id);
}

/** A profile and every profile it was merged into since, up the chain. */
export async function withMergedAncestors(db: Db, ws: string, id: string): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`with recursive up(id) as (select ${id}::uuid union
          select c.merged_into from customers c join up on c.id = up.id where c.workspace_id = ${ws} and c.merged_into is not null)
        select id from up`,
  );
  return rows.map((r) => r.id);
}

export const mergeColumns = {
  id: customerMerges.id,
  winnerId: customerMerges.winnerId,
  loserId: customerMerges.loserId,
  reason: customerMerges.reason,
  identifiers: customerMerges.identifiers,
  actorLabel: customerMerges.actorLabel,
  createdAt: customerMerges.createdAt,
  undoneAt: customerMerges.undoneAt,
  undoneBy: customerMerges.undoneBy,
};

/** Merges into or out of any of these profiles, newest first (at most 500). */
export async function findMergesOf(db: Db, ws: string, ids: string[]) {
  return db
    .select(mergeColumns)
    .from(customerMerges)
    .where(and(eq(customerMerges.workspaceId, ws), or(inArray(customerMerges.winnerId, ids), inArray(customerMerges.loserId, ids))))
    .orderBy(desc(customerMerges.createdAt), desc(customerMerges.id))
    .limit(500);
}

export async function findMergeForUpdate(tx: Db, ws: string, id: string): Promise<MergeRow | undefined> {
  const [m] = await tx.select().from(customerMerges).where(and(eq(customerMerges.workspaceId, ws), eq(customerMerges.id, id))).for('update');
  return m;
}

/** Gives identities and events that originated on `origins` and now sit on `holders` back to `to`. */
export async function returnOrigins(tx: Db, ws: string, holders: string[], origins: string[], to: string): Promise<void> {
  const from = sql.param(holders);
  for (const t of ['customer_identities', 'customer_events']) {
    await tx.execute(sql`update ${sql.raw(t)} set customer_id = ${to}
                         where workspace_id = ${ws} and customer_id = any(${from}::uuid[]) and origin_customer_id = any(${sql.param(origins)}::uuid[])`);
  }
}

/** Detaches a merged profile from its winner and marks the merge undone. */
export async function markUndone(tx: Db, ws: string, mergeId: string, loserId: string, actorLabel: string) {
  await tx.update(customers).set({ mergedInto: null }).where(and(eq(customers.workspaceId, ws), eq(customers.id, loserId)));
  const [undone] = await tx
    .update(customerMerges)
    .set({ undoneAt: sql`now()`, undoneBy: actorLabel })
    .where(and(eq(customerMerges.workspaceId, ws), eq(customerMerges.id, mergeId)))
    .returning(mergeColumns);
  return undone;
}

/** Merge records' snapshots, by merge id (for the export). */
export async function findMergeSnapshots(db: Db, ws: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, unknown>();
  const rows = await db
    .select({ id: customerMerges.id, loserSnapshot: customerMerges.loserSnapshot })
    .from(customerMerges)
    .where(and(eq(customerMerges.workspaceId, ws), inArray(customerMerges.id, ids)));
  return new Map<string, unknown>(rows.map((m) => [m.id, m.loserSnapshot]));
}

import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { selectRows } from '../../platform/db/client.js';
import { liveCustomers } from './compile-rule.js';
import { historyDay } from './recompute.js';

/** A segment's compiled rule (a boolean over `customers c`). */
export interface CompiledSegment {
  id: string;
  rule: SQL;
}

export interface LevelChange {
  segment_id: string;
  entered: number;
  left: number;
  size: number;
}

/**
 * Several segments evaluated for a set of customers in one statement: the customers are read once,
 * each rule picks its matches (UNION ALL), those who match and are not members enter, members among
 * them who no longer match (or were merged away or erased) leave, and each segment's member count
 * and today's history row move by its difference. Only segments that still exist are touched, so a
 * refresh racing a delete leaves no orphan members. The segments must not refer to each other
 * (they are one level of the dependency order; a later level reads this one's membership).
 */
export async function refreshLevel(tx: Db, ws: string, level: CompiledSegment[], customerIds: string[]): Promise<LevelChange[]> {
  const ids = sql`${sql.param(customerIds)}::uuid[]`;
  const segIds = sql`${sql.param(level.map((s) => s.id))}::uuid[]`;
  const matches = sql.join(
    level.map((s) => sql`select ${s.id}::uuid as segment_id, c.id as customer_id from live c where ${s.rule}`),
    sql` union all `,
  );
  return selectRows<LevelChange>(
    tx,
    sql`
    with live as materialized (
      select c.* from customers c where ${liveCustomers(ws)} and c.id = any(${ids})
    ),
    target as materialized (
      select t.segment_id, t.customer_id from (${matches}) t
      where exists (select 1 from segments s where s.workspace_id = ${ws}::uuid and s.id = t.segment_id)
    ),
    entered as (
      insert into segment_members (workspace_id, segment_id, customer_id)
      select ${ws}::uuid, t.segment_id, t.customer_id from target t order by t.segment_id, t.customer_id
      on conflict do nothing
      returning segment_id
    ),
    gone as (
      delete from segment_members m
      using unnest(${ids}) as x(id)
      where m.workspace_id = ${ws}::uuid and m.customer_id = x.id and m.segment_id = any(${segIds})
        and not exists (select 1 from target t where t.segment_id = m.segment_id and t.customer_id = m.customer_id)
      returning m.segment_id
    ),
    counts as (
      select segment_id, sum(e)::int as entered, sum(l)::int as "left"
      from (select segment_id, 1 as e, 0 as l from entered union all select segment_id, 0, 1 from gone) x
      group by segment_id
    ),
    seg as (
      update segments s set member_count = s.member_count + counts.entered - counts."left"
      from counts
      where s.workspace_id = ${ws}::uuid and s.id = counts.segment_id
      returning s.id, s.member_count
    ),
    hist as (
      insert into segment_size_history (workspace_id, segment_id, at, size, entered, "left")
      select ${ws}::uuid, seg.id, ${historyDay}, seg.member_count, counts.entered, counts."left"
      from seg join counts on counts.segment_id = seg.id
      on conflict (workspace_id, segment_id, at) do update
        set size = excluded.size, entered = segment_size_history.entered + excluded.entered,
            "left" = segment_size_history."left" + excluded."left"
    )
    select counts.segment_id, counts.entered, counts."left", seg.member_count as size
    from counts join seg on seg.id = counts.segment_id`,
  );
}

/**
 * Shared locks on every segment refreshed, taken in one statement in key order (no deadlock
 * between two refreshes); a full recompute takes the exclusive one (lockSegment).
 */
export async function lockSegmentsShared(tx: Db, segmentIds: string[]): Promise<void> {
  await tx.execute(sql`select count(pg_advisory_xact_lock_shared(k)) from (
    select hashtextextended('kunde:segment:' || id::text, 0) as k from unnest(${sql.param(segmentIds)}::uuid[]) as s(id) order by 1) x`);
}

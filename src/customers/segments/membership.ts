import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.js';
import { selectRows } from '../../platform/db/client.js';
import { PG, pgCode } from '../../platform/db/errors.js';
import { compileRule, liveCustomers } from './compile-rule.js';
import { loadCompileEnv, loadSegmentRules, lockSegment, orderByDependencies } from './segment-graph.js';
import { historyDay, type MembershipChange } from './recompute.js';
import { scheduleRecompute } from './segments.jobs.js';

export { recomputeSegment, recomputeSegmentAndDependents, recomputeWorkspaceSegments } from './recompute.js';

/**
 * One segment evaluated for a handful of customers, in one statement: those who match and are not
 * members enter, members among them who no longer match (or were merged away or erased) leave, and
 * the member count and today's history row move by the difference. The segment must still exist,
 * so a refresh racing a delete leaves no orphan members.
 */
function refreshStatement(workspaceId: string, segmentId: string, rule: SQL, customerIds: string[]): SQL {
  const ids = sql`${sql.param(customerIds)}::uuid[]`;
  return sql`
    with target as materialized (
      select c.id from customers c
      where ${liveCustomers(workspaceId)} and c.id = any(${ids}) and ${rule}
        and exists (select 1 from segments s where s.workspace_id = ${workspaceId}::uuid and s.id = ${segmentId}::uuid)
    ),
    entered as (
      insert into segment_members (workspace_id, segment_id, customer_id)
      select ${workspaceId}::uuid, ${segmentId}::uuid, t.id from target t order by t.id
      on conflict do nothing
      returning 1
    ),
    gone as (
      delete from segment_members m
      where m.workspace_id = ${workspaceId}::uuid and m.segment_id = ${segmentId}::uuid and m.customer_id = any(${ids})
        and not exists (select 1 from target t where t.id = m.customer_id)
      returning 1
    ),
    counts as (select (select count(*) from entered)::int as entered, (select count(*) from gone)::int as "left"),
    seg as (
      update segments s set member_count = s.member_count + counts.entered - counts."left"
      from counts
      where s.workspace_id = ${workspaceId}::uuid and s.id = ${segmentId}::uuid and counts.entered + counts."left" > 0
      returning s.member_count
    ),
    hist as (
      insert into segment_size_history (workspace_id, segment_id, at, size, entered, "left")
      select ${workspaceId}::uuid, ${segmentId}::uuid, ${historyDay}, seg.member_count, counts.entered, counts."left" from seg, counts
      on conflict (workspace_id, segment_id, at) do update
        set size = excluded.size, entered = segment_size_history.entered + excluded.entered,
            "left" = segment_size_history."left" + excluded."left"
    )
    select entered, "left", (select member_count from seg) as size from counts`;
}

const isDeadlock = (err: unknown): boolean => pgCode(err) === PG.deadlockDetected;

/**
 * Re-evaluates every segment of the workspace for the given customers, referenced segments first,
 * so customers enter and leave segments as their data arrives. Called after ingest, profile
 * upserts, merges and erasure, after their transaction committed. It never throws: membership is
 * derived data, and a failure here must not fail the write that already committed — a full
 * recompute is queued instead.
 */
export async function refreshSegmentsForCustomers(ctx: AppContext, workspaceId: string, customerIds: string[]): Promise<MembershipChange[]> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return [];
  const changes: MembershipChange[] = [];
  try {
    const rules = await loadSegmentRules(ctx.db, workspaceId);
    if (rules.length === 0) return [];
    const env = await loadCompileEnv(ctx.db, workspaceId);
    for (const segment of orderByDependencies(rules)) {
      const statement = refreshStatement(workspaceId, segment.id, compileRule(segment.rule, env), ids);
      const run = () =>
        ctx.db.transaction(async (tx) => {
          await lockSegment(tx, segment.id, 'shared');
          return selectRows<{ entered: number; left: number; size: number | null }>(tx, statement);
        });
      // Two batches touching the same customers in another order can deadlock on PostgreSQL; the
      // loser simply runs again.
      const [r] = await run().catch((err: unknown) => (isDeadlock(err) ? run() : Promise.reject(err)));
      if (r.entered || r.left) {
        changes.push({ segmentId: segment.id, size: Number(r.size ?? 0), entered: Number(r.entered), left: Number(r.left) });
      }
    }
  } catch (err) {
    ctx.log.error({ err, workspaceId, customers: ids.length }, 'segment refresh failed; queueing a full recompute');
    await scheduleRecompute(ctx, workspaceId).catch((e: unknown) => ctx.log.error({ err: e }, 'could not queue segment recompute'));
  }
  return changes;
}

import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.js';
import { selectRows, type Db } from '../../platform/db/client.js';
import { compileRule, liveCustomers, type CompileEnv } from './compile-rule.js';
import { loadCompileEnv, loadSegmentRule, loadSegmentRules, lockSegment, orderByDependencies, withDependents } from './segment-graph.js';

export interface MembershipChange {
  segmentId: string;
  size: number;
  entered: number;
  left: number;
}

/** Today's size-history row (UTC day): one point per segment and day, however often it changes. */
export const historyDay = sql`date_trunc('day', now(), 'UTC')`;

/**
 * The matching customers, materialised once. A statement of its own because PostgreSQL runs a
 * plain CREATE TABLE AS with parallel workers, which it never does for a statement that also
 * writes (the scan is most of the cost at a million customers).
 */
function targetStatement(workspaceId: string, rule: SQL): SQL {
  return sql`create temporary table segment_target on commit drop as
    select c.id from customers c where ${liveCustomers(workspaceId)} and ${rule}`;
}

/**
 * Applies the target set in one statement: newcomers inserted (anti-join, so existing members are
 * not rewritten and keep enteredAt), leavers deleted, then the count, last_computed_at and the
 * day's history row are written.
 */
function applyStatement(workspaceId: string, segmentId: string): SQL {
  return sql`
    with entered as (
      insert into segment_members (workspace_id, segment_id, customer_id)
      select ${workspaceId}::uuid, ${segmentId}::uuid, t.id from segment_target t
      where not exists (
        select 1 from segment_members m
        where m.workspace_id = ${workspaceId}::uuid and m.segment_id = ${segmentId}::uuid and m.customer_id = t.id)
      returning 1
    ),
    gone as (
      delete from segment_members m
      where m.workspace_id = ${workspaceId}::uuid and m.segment_id = ${segmentId}::uuid
        and not exists (select 1 from segment_target t where t.id = m.customer_id)
      returning 1
    ),
    counts as (
      select (select count(*) from segment_target)::int as size, (select count(*) from entered)::int as entered,
             (select count(*) from gone)::int as "left"
    ),
    seg as (
      update segments s set member_count = counts.size, last_computed_at = now()
      from counts where s.workspace_id = ${workspaceId}::uuid and s.id = ${segmentId}::uuid
      returning s.id
    ),
    hist as (
      insert into segment_size_history (workspace_id, segment_id, at, size, entered, "left")
      select ${workspaceId}::uuid, ${segmentId}::uuid, ${historyDay}, counts.size, counts.entered, counts."left" from counts, seg
      on conflict (workspace_id, segment_id, at) do update
        set size = excluded.size, entered = segment_size_history.entered + excluded.entered,
            "left" = segment_size_history."left" + excluded."left"
    )
    select size, entered, "left" from counts`;
}

async function recomputeOne(db: Db, workspaceId: string, segmentId: string, env: CompileEnv): Promise<MembershipChange | undefined> {
  return db.transaction(async (tx) => {
    await lockSegment(tx, segmentId, 'exclusive');
    // A recompute is a bulk set operation: hash joins are always the right plan, but right after
    // the first fill the planner's statistics still say segment_members is empty and it picks
    // nested loops (minutes instead of a second at 1M customers). Scoped to this transaction.
    await tx.execute(sql`set local enable_nestloop = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    // Read the rule under the lock: an edit that committed meanwhile is what must be computed.
    const rule = await loadSegmentRule(tx, workspaceId, segmentId);
    if (!rule) return undefined;
    await tx.execute(targetStatement(workspaceId, compileRule(rule, env)));
    const [r] = await selectRows<{ size: number; entered: number; left: number }>(tx, applyStatement(workspaceId, segmentId));
    return { segmentId, size: Number(r.size), entered: Number(r.entered), left: Number(r.left) };
  });
}

/**
 * Recomputes one segment's membership from scratch (what the job and the nightly run do; rules with
 * time windows age without new events). Returns undefined when the segment no longer exists.
 */
export async function recomputeSegment(ctx: AppContext, workspaceId: string, segmentId: string): Promise<MembershipChange | undefined> {
  return recomputeOne(ctx.db, workspaceId, segmentId, await loadCompileEnv(ctx.db, workspaceId));
}

/** Recomputes a segment, then every segment whose rule refers to it (they read its membership). */
export async function recomputeSegmentAndDependents(ctx: AppContext, workspaceId: string, segmentId: string): Promise<MembershipChange[]> {
  const env = await loadCompileEnv(ctx.db, workspaceId);
  const order = withDependents(await loadSegmentRules(ctx.db, workspaceId), segmentId);
  const out: MembershipChange[] = [];
  for (const s of order) {
    const r = await recomputeOne(ctx.db, workspaceId, s.id, env);
    if (r) out.push(r);
  }
  return out;
}

/** Recomputes every segment of a workspace, referenced segments first. */
export async function recomputeWorkspaceSegments(ctx: AppContext, workspaceId: string): Promise<MembershipChange[]> {
  const env = await loadCompileEnv(ctx.db, workspaceId);
  const out: MembershipChange[] = [];
  for (const s of orderByDependencies(await loadSegmentRules(ctx.db, workspaceId))) {
    const r = await recomputeOne(ctx.db, workspaceId, s.id, env);
    if (r) out.push(r);
  }
  return out;
}

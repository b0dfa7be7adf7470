import type { AppContext } from '../../platform/context.js';
import { PG, pgCode } from '../../platform/db/errors.js';
import { compileRule } from './compile-rule.js';
import { loadCompileEnv, loadSegmentRules, orderByDependencies, type SegmentRule } from './segment-graph.js';
import type { MembershipChange } from './recompute.js';
import { lockSegmentsShared, refreshLevel } from './membership.queries.js';
import { scheduleRecompute } from './segments.jobs.js';

export { recomputeSegment, recomputeSegmentAndDependents, recomputeWorkspaceSegments } from './recompute.js';

const isDeadlock = (err: unknown): boolean => pgCode(err) === PG.deadlockDetected;

/**
 * Dependency levels: level 0 refers to no segment, level n only to segments of lower levels. One
 * statement per level (the segments of a level cannot see each other's new membership).
 */
function levels(rules: SegmentRule[]): SegmentRule[][] {
  const ordered = orderByDependencies(rules);
  const depth = new Map<string, number>();
  const known = new Set(rules.map((r) => r.id));
  const out: SegmentRule[][] = [];
  for (const r of ordered) {
    // A reference not placed yet is a cycle that slipped past validation: after everything so far.
    const depthOf = (id: string) => depth.get(id) ?? (known.has(id) ? out.length - 1 : -1);
    const d = Math.max(-1, ...r.dependsOn.map(depthOf)) + 1;
    depth.set(r.id, d);
    (out[d] ??= []).push(r);
  }
  return out.filter(Boolean);
}

/**
 * Re-evaluates every segment of the workspace for the given customers, set-based: one transaction,
 * one statement per dependency level (usually one), however many segments there are. Called by the
 * trait refresher after traits changed, and after profile upserts, merges and erasure commit. It
 * never throws: membership is derived data, and a failure here must not fail the write that
 * already committed — a full recompute is queued instead.
 */
export async function refreshSegmentsForCustomers(ctx: AppContext, workspaceId: string, customerIds: string[]): Promise<MembershipChange[]> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return [];
  try {
    const rules = await loadSegmentRules(ctx.db, workspaceId);
    if (rules.length === 0) return [];
    const env = await loadCompileEnv(ctx.db, workspaceId);
    const compiled = levels(rules).map((level) => level.map((s) => ({ id: s.id, rule: compileRule(s.rule, env) })));
    const run = () =>
      ctx.db.transaction(async (tx) => {
        await lockSegmentsShared(tx, rules.map((r) => r.id));
        const changes: MembershipChange[] = [];
        for (const level of compiled) {
          for (const r of await refreshLevel(tx, workspaceId, level, ids)) {
            if (r.entered || r.left) changes.push({ segmentId: r.segment_id, size: Number(r.size), entered: Number(r.entered), left: Number(r.left) });
          }
        }
        return changes;
      });
    // Two refreshes touching the same customers in another order can deadlock on PostgreSQL; the
    // loser simply runs again.
    return await run().catch((err: unknown) => (isDeadlock(err) ? run() : Promise.reject(err)));
  } catch (err) {
    ctx.log.error({ err, workspaceId, customers: ids.length }, 'segment refresh failed; queueing a full recompute');
    await scheduleRecompute(ctx, workspaceId).catch((e: unknown) => ctx.log.error({ err: e }, 'could not queue segment recompute'));
    return [];
  }
}

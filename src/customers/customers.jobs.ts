import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { selectRows } from '../platform/db/client.js';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { loadTraitContext, recomputeTraits, refreshLifecycleStages } from './traits.js';
import { lockCustomers } from './identity.queries.js';

const CHUNK = 2000;

/**
 * Recomputes every customer's traits of a workspace in chunks (after rates or thresholds changed),
 * one short transaction per chunk so ingest is never blocked for long.
 */
export async function recomputeWorkspaceTraits(ctx: AppContext, workspaceId: string): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const ids = (
      await selectRows<{ id: string }>(
        ctx.db,
        sql`select id from customers where workspace_id = ${workspaceId} and merged_into is null and id > ${after}
            order by id limit ${CHUNK}`,
      )
    ).map((r) => r.id);
    if (ids.length === 0) return total;
    await ctx.db.transaction(async (tx) => {
      await lockCustomers(tx, workspaceId, ids, undefined, { allowStale: true });
      await recomputeTraits(tx, await loadTraitContext(tx, workspaceId, true), ids);
    });
    await refreshSegmentsForCustomers(ctx, workspaceId, ids);
    total += ids.length;
    after = ids[ids.length - 1];
  }
}

export const recomputeWorkspaceTraitsJob = defineJob({
  name: 'customers-recompute-traits',
  payload: z.object({ workspaceId: z.uuid() }),
  expireInSeconds: 3600,
  handler: async (ctx, p) => ({ customers: await recomputeWorkspaceTraits(ctx, p.workspaceId) }),
});

/** Lifecycle stages age without new events (active → at risk → churned): re-evaluated every night. */
export async function ageLifecycleStages(ctx: AppContext): Promise<number> {
  const workspaces = await selectRows<{ id: string }>(ctx.db, sql`select distinct workspace_id as id from customers`);
  let changed = 0;
  for (const w of workspaces) changed += await refreshLifecycleStages(ctx.db, await loadTraitContext(ctx.db, w.id, true));
  return changed;
}

export const lifecycleDailyJob = defineJob({
  name: 'customers-lifecycle-daily',
  payload: z.object({}),
  cron: '23 2 * * *',
  expireInSeconds: 3600,
  handler: async (ctx) => ({ changed: await ageLifecycleStages(ctx) }),
});

export const customerJobs: JobDefinition[] = [recomputeWorkspaceTraitsJob as JobDefinition, lifecycleDailyJob];

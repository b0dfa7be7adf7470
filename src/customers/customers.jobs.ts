import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { loadTraitContext, recomputeTraits, refreshLifecycleStages } from './traits.js';
import { lockCustomers } from './identity.queries.js';
import { findCustomerIdsAfter, findWorkspacesWithCustomers } from './customers.queries.js';

const CHUNK = 2000;

/**
 * Recomputes every customer's traits of a workspace in chunks (after rates or thresholds changed),
 * one short transaction per chunk so ingest is never blocked for long.
 */
export async function recomputeWorkspaceTraits(ctx: AppContext, workspaceId: string): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const ids = await findCustomerIdsAfter(ctx.db, workspaceId, after, CHUNK);
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
  let changed = 0;
  for (const ws of await findWorkspacesWithCustomers(ctx.db)) changed += await refreshLifecycleStages(ctx.db, await loadTraitContext(ctx.db, ws, true));
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

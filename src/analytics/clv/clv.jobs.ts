import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { listWorkspacesWithBuyers } from '../../customers/analytics-export.service.js';
import { fitWorkspaceClv } from './clv.service.js';

/** One fit per workspace at a time ('stately'); too few buyers is an outcome, not a failure to retry. */
export const fitClvJob = defineJob({
  name: 'analytics-clv-fit',
  payload: z.object({ workspaceId: z.uuid(), requestedBy: z.string().max(300) }),
  policy: 'stately',
  retryLimit: 1,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => {
    try {
      const fit = await fitWorkspaceClv(ctx, systemActor(p.workspaceId, p.requestedBy));
      return { customers: fit.customers, repeatCustomers: fit.repeatCustomers };
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') return { skipped: err.message };
      throw err;
    }
  },
});

export async function scheduleClvFit(ctx: AppContext, workspaceId: string, requestedBy: string): Promise<string | null> {
  return ctx.jobs.send(fitClvJob, { workspaceId, requestedBy }, { singletonKey: workspaceId });
}

/** Nightly after the churn retraining: purchases arrive all day, so every workspace with buyers refits. */
export const nightlyClvFitJob = defineJob({
  name: 'analytics-clv-nightly',
  payload: z.object({}),
  cron: '15 5 * * *',
  handler: async (ctx) => {
    const workspaces = await listWorkspacesWithBuyers(ctx.db);
    for (const ws of workspaces) await scheduleClvFit(ctx, ws, 'nightly fit');
    return { workspaces: workspaces.length };
  },
});

export const clvJobs: JobDefinition[] = [fitClvJob, nightlyClvFitJob] as JobDefinition[];

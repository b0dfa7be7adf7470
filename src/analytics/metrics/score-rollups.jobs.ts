import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { selectRollupWorkspaces } from './score-rollups.queries.js';
import { rebuildScoreRollup, refreshScoreRollup, registerRollupScheduler } from './score-rollups.js';

/** Rebuild from every response: the first read of a workspace, a changed time zone, and nightly (deleted responses). */
export const rebuildScoreRollupJob = defineJob({
  name: 'analytics-score-rollup-rebuild',
  payload: z.object({ workspaceId: z.uuid() }),
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => rebuildScoreRollup(ctx, p.workspaceId),
});

/** Folds the days with new or changed responses into the rollup; queued by a read that found such days. */
export const refreshScoreRollupJob = defineJob({
  name: 'analytics-score-rollup-refresh',
  payload: z.object({ workspaceId: z.uuid() }),
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async (ctx, p) => refreshScoreRollup(ctx, p.workspaceId),
});

export const nightlyScoreRollupJob = defineJob({
  name: 'analytics-score-rollup-nightly',
  payload: z.object({}),
  cron: '15 3 * * *',
  handler: async (ctx) => {
    const workspaces = await selectRollupWorkspaces(ctx.db);
    for (const workspaceId of workspaces) await ctx.jobs.send(rebuildScoreRollupJob, { workspaceId }, { singletonKey: workspaceId });
    return { workspaces: workspaces.length };
  },
});

registerRollupScheduler({
  rebuild: (ctx, workspaceId) => ctx.jobs.send(rebuildScoreRollupJob, { workspaceId }, { singletonKey: workspaceId }),
  refresh: (ctx, workspaceId) => ctx.jobs.send(refreshScoreRollupJob, { workspaceId }, { singletonKey: workspaceId }),
});

export const scoreRollupJobs: JobDefinition[] = [rebuildScoreRollupJob, refreshScoreRollupJob, nightlyScoreRollupJob] as JobDefinition[];

import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { findWorkspacesWithExamples } from './text.queries.js';
import { trainWorkspaceModels } from './train-models.js';
import { textRunJob } from './text-runs.jobs.js';

/** Trains a workspace's per-language sentiment models ('stately': one queued, one running per workspace). */
export const trainTextModelsJob = defineJob({
  name: 'text-train',
  payload: z.object({ workspaceId: z.uuid() }),
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => ({ models: await trainWorkspaceModels(ctx.db, p.workspaceId) }),
});

export async function scheduleTraining(ctx: AppContext, workspaceId: string): Promise<string | null> {
  return ctx.jobs.send(trainTextModelsJob, { workspaceId }, { singletonKey: workspaceId });
}

/** Nightly: new scored comments and corrections arrive all day; every workspace with examples retrains. */
export const nightlyTextTrainingJob = defineJob({
  name: 'text-train-nightly',
  payload: z.object({}),
  cron: '15 4 * * *',
  handler: async (ctx) => {
    const workspaces = await findWorkspacesWithExamples(ctx.db);
    for (const w of workspaces) await scheduleTraining(ctx, w);
    return { workspaces: workspaces.length };
  },
});

export const textJobs: JobDefinition[] = [trainTextModelsJob, nightlyTextTrainingJob, textRunJob] as JobDefinition[];

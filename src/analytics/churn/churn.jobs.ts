import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { ZChurnLabelInput } from './churn.schemas.js';
import { findWorkspacesWithChurnModels } from './churn.queries.js';
import { trainWorkspaceChurnModel } from './churn.service.js';
import { scoreChurnJob } from './scoring.jobs.js';

/** Training as a background job (the dashboard's button and the nightly run); one per workspace at a time. */
export const trainChurnJob = defineJob({
  name: 'analytics-churn-train',
  payload: z.object({ workspaceId: z.uuid(), label: ZChurnLabelInput.optional(), requestedBy: z.string().max(300) }),
  policy: 'stately',
  retryLimit: 1,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => {
    const model = await trainWorkspaceChurnModel(ctx, systemActor(p.workspaceId, p.requestedBy), { label: p.label });
    return { modelId: model.id, auc: model.auc, n: model.n };
  },
});

export async function scheduleChurnTraining(ctx: AppContext, workspaceId: string, requestedBy: string, label?: z.infer<typeof ZChurnLabelInput>): Promise<string | null> {
  return ctx.jobs.send(trainChurnJob, { workspaceId, requestedBy, ...(label ? { label } : {}) }, { singletonKey: workspaceId });
}

/** Nightly: labels, traits and events change all day, so every workspace with a model retrains on its newest model's label. */
export const nightlyChurnTrainingJob = defineJob({
  name: 'analytics-churn-nightly',
  payload: z.object({}),
  cron: '45 4 * * *',
  handler: async (ctx) => {
    const workspaces = await findWorkspacesWithChurnModels(ctx.db);
    for (const w of workspaces) await scheduleChurnTraining(ctx, w.workspaceId, 'nightly retraining', 'lost' in w.label ? undefined : w.label);
    return { workspaces: workspaces.length };
  },
});

export const churnJobs: JobDefinition[] = [trainChurnJob, nightlyChurnTrainingJob, scoreChurnJob] as JobDefinition[];

import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob } from '../../platform/jobs/queue.js';
import { scoreWorkspaceCustomers } from './score-customers.js';

/** Scores every customer with a freshly trained model ('stately': one queued and one running per workspace). */
export const scoreChurnJob = defineJob({
  name: 'analytics-churn-score',
  payload: z.object({ workspaceId: z.uuid(), modelId: z.uuid() }),
  policy: 'stately',
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => scoreWorkspaceCustomers(ctx, p.workspaceId, p.modelId),
});

export async function scheduleScoring(ctx: AppContext, workspaceId: string, modelId: string): Promise<string | null> {
  return ctx.jobs.send(scoreChurnJob, { workspaceId, modelId }, { singletonKey: workspaceId });
}

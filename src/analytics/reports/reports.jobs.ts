import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { findEnabledDigests } from './reports.queries.js';
import { sendDigest } from './reports.service.js';

/** One workspace's digest, if its newest complete period has not been sent yet. */
export const sendDigestJob = defineJob({
  name: 'analytics-digest-send',
  payload: z.object({ workspaceId: z.uuid() }),
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 15 * 60,
  handler: async (ctx, p) => {
    const r = await sendDigest(ctx, p.workspaceId, { onlyIfDue: true });
    return { period: r.digest.period.from, sentTo: r.sentTo.length };
  },
});

export async function scheduleDigest(ctx: AppContext, workspaceId: string): Promise<string | null> {
  return ctx.jobs.send(sendDigestJob, { workspaceId }, { singletonKey: workspaceId });
}

/**
 * Hourly: a week or month ends at midnight in each workspace's own time zone, so the sweep runs every
 * hour and each workspace's job decides (idempotently) whether a new complete period is there to send.
 */
export const digestSweepJob = defineJob({
  name: 'analytics-digest-sweep',
  payload: z.object({}),
  cron: '7 * * * *',
  handler: async (ctx) => {
    const due = await findEnabledDigests(ctx.db);
    for (const d of due) await scheduleDigest(ctx, d.workspaceId);
    return { workspaces: due.length };
  },
});

export const reportJobs: JobDefinition[] = [sendDigestJob, digestSweepJob] as JobDefinition[];

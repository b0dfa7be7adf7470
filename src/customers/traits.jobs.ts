import { z } from 'zod';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { sweepTraitWork } from './traits.service.js';

/**
 * Each process refreshes the traits of what it ingested right after commit; this picks up what a
 * process that stopped (crash, deploy) left in the queue, within a minute.
 */
export const traitSweepJob = defineJob({
  name: 'customers-traits-sweep',
  payload: z.object({}),
  cron: '* * * * *',
  expireInSeconds: 15 * 60,
  handler: async (ctx) => ({ workspaces: await sweepTraitWork(ctx) }),
});

export const traitJobs: JobDefinition[] = [traitSweepJob];

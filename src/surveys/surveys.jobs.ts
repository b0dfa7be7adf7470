import { z } from 'zod';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { sweepUnsynced } from './customer-sync.js';

/** Every minute: responses whose customer sync was missed (crash, restart, partial left alone) reach the profile. */
export const syncResponsesJob = defineJob({
  name: 'surveys-sync-responses',
  payload: z.object({}),
  cron: '* * * * *',
  handler: async (ctx) => ({ synced: await sweepUnsynced(ctx) }),
});

export const surveysJobs: JobDefinition[] = [syncResponsesJob] as JobDefinition[];

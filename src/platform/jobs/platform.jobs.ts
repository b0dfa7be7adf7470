import { z } from 'zod';
import { defineJob, type JobDefinition } from './queue.js';
import { pruneIdempotencyKeys } from '../http/idempotency.js';

export const pruneIdempotencyJob = defineJob({
  name: 'platform-prune-idempotency',
  payload: z.object({}),
  cron: '17 * * * *',
  handler: async (ctx) => pruneIdempotencyKeys(ctx.db),
});

export const platformJobs: JobDefinition[] = [pruneIdempotencyJob];

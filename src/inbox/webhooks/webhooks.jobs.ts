import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { attemptDelivery } from './attempt.js';

/**
 * One attempt at one delivery. A failed attempt (non-2xx, timeout, refused) is not a failed job: the
 * handler records it and queues the next attempt itself, after the backoff the configuration sets,
 * so the delivery log shows every status code. pg-boss's own retries are only for crashes.
 */
export const deliverWebhookJob = defineJob({
  name: 'inbox-webhook-deliver',
  payload: z.object({ workspaceId: z.uuid(), deliveryId: z.uuid() }),
  retryLimit: 2,
  expireInSeconds: 120,
  concurrency: 2,
  batchSize: 5,
  handler: async (ctx, p) => ({ status: (await attemptDelivery(ctx, p.workspaceId, p.deliveryId))?.status ?? null }),
});

export const webhookJobs: JobDefinition[] = [deliverWebhookJob] as JobDefinition[];

import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/queue.js';
import { deliverOutboxMail, findStrandedMail } from './mail-delivery.js';

// 30 s doubling over 8 retries: a mail server that is down for about two hours still gets the mail.
const RETRY_LIMIT = 8;
const STRANDED_AFTER_MINUTES = 10;

export const deliverMailJob = defineJob({
  name: 'mail-deliver',
  payload: z.object({ workspaceId: z.uuid(), outboxId: z.uuid() }),
  retryLimit: RETRY_LIMIT,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  handler: (ctx, payload, run) => deliverOutboxMail(ctx, payload, run, RETRY_LIMIT),
});

export const requeueStrandedMailJob = defineJob({
  name: 'mail-requeue-stranded',
  payload: z.object({}),
  cron: '*/10 * * * *',
  handler: async (ctx) => {
    if (!ctx.config.SMTP_URL) return { requeued: 0 };
    const stranded = await findStrandedMail(ctx.db, STRANDED_AFTER_MINUTES);
    for (const m of stranded) await ctx.jobs.send(deliverMailJob, { workspaceId: m.workspaceId, outboxId: m.id });
    return { requeued: stranded.length };
  },
});

export const mailJobs: JobDefinition[] = [deliverMailJob, requeueStrandedMailJob];

import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { expandWave } from './waves.service.js';
import { batchSizeFor, sendDueInvitations } from './send-invitations.js';
import { sendDueReminders } from './reminders.js';
import { fireTrigger } from './triggers.service.js';

const ZWavePayload = z.object({ workspaceId: z.uuid(), waveId: z.uuid() });

/**
 * One run hands ten seconds' worth of the workspace's send rate to the outbox, then queues the
 * next run no earlier than ten seconds after it started: that is the rate limit. One queued run
 * per wave (singletonKey), and invitations are claimed with SKIP LOCKED, so a retry or a second
 * worker never mails anyone twice.
 */
export const sendWaveJob: JobDefinition<z.infer<typeof ZWavePayload>> = defineJob({
  name: 'survey-invitations-send',
  payload: ZWavePayload,
  policy: 'short',
  expireInSeconds: 10 * 60,
  handler: async (ctx, p) => {
    const started = Date.now();
    const { perRun, intervalMs } = await batchSizeFor(ctx.db, p.workspaceId);
    const r = await sendDueInvitations(ctx, p.workspaceId, p.waveId, perRun);
    const startAfter = r.remaining > 0 ? new Date(started + intervalMs) : r.nextAt;
    if (startAfter) await ctx.jobs.send(sendWaveJob, p, { startAfter, singletonKey: p.waveId });
    return r;
  },
});

export const expandWaveJob = defineJob({
  name: 'survey-invitations-expand',
  payload: ZWavePayload,
  expireInSeconds: 30 * 60,
  handler: async (ctx, p) => {
    const r = await expandWave(ctx, p.workspaceId, p.waveId);
    await ctx.jobs.send(sendWaveJob, p, { singletonKey: p.waveId });
    return r;
  },
});

/** Reminders to invitees who have not responded, per each survey's settings.reminders. */
export const remindJob = defineJob({
  name: 'survey-invitations-remind',
  payload: z.object({}),
  cron: '*/10 * * * *',
  handler: async (ctx) => sendDueReminders(ctx),
});

/** A trigger's delayed send: scheduled with startAfter = event time + delay; re-checks everything when it runs. */
export const fireTriggerJob = defineJob({
  name: 'survey-trigger-fire',
  payload: z.object({ workspaceId: z.uuid(), triggerId: z.uuid(), customerId: z.uuid(), eventId: z.uuid() }),
  retryLimit: 5,
  handler: async (ctx, p) => fireTrigger(ctx, p),
});

export const distributionJobs: JobDefinition[] = [sendWaveJob, expandWaveJob, remindJob, fireTriggerJob] as JobDefinition[];

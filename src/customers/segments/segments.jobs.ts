import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/queue.js';
import { recomputeSegmentAndDependents, recomputeWorkspaceSegments } from './recompute.js';
import { findWorkspacesWithSegments } from './segments.queries.js';

/**
 * Full recompute of one segment (and the segments that refer to it), or of every segment of a
 * workspace when no segment is named. 'stately': at most one queued and one running job per key,
 * so a burst of edits or retries collapses into one recompute after the running one.
 */
export const recomputeSegmentsJob = defineJob({
  name: 'segments-recompute',
  payload: z.object({ workspaceId: z.uuid(), segmentId: z.uuid().optional() }),
  policy: 'stately',
  retryLimit: 3,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => {
    const changes = p.segmentId
      ? await recomputeSegmentAndDependents(ctx, p.workspaceId, p.segmentId)
      : await recomputeWorkspaceSegments(ctx, p.workspaceId);
    return { segments: changes.length, entered: changes.reduce((n, c) => n + c.entered, 0), left: changes.reduce((n, c) => n + c.left, 0) };
  },
});

/** Queues a full recompute; the id is null when one for the same key is already waiting. */
export async function scheduleRecompute(ctx: AppContext, workspaceId: string, segmentId?: string): Promise<string | null> {
  return ctx.jobs.send(
    recomputeSegmentsJob,
    { workspaceId, ...(segmentId ? { segmentId } : {}) },
    { singletonKey: `${workspaceId}:${segmentId ?? '*'}` },
  );
}

/**
 * Nightly: rules with time windows ("within 90 days") and lifecycle stages change without any new
 * event, so every workspace with segments gets a full recompute (after the lifecycle stages aged).
 */
export const nightlySegmentsJob = defineJob({
  name: 'segments-nightly',
  payload: z.object({}),
  cron: '30 3 * * *',
  handler: async (ctx) => {
    const workspaces = await findWorkspacesWithSegments(ctx.db);
    for (const ws of workspaces) await scheduleRecompute(ctx, ws);
    return { workspaces: workspaces.length };
  },
});

export const segmentJobs: JobDefinition[] = [recomputeSegmentsJob, nightlySegmentsJob] as JobDefinition[];

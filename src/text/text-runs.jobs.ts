import { z } from 'zod';
import { defineJob } from '../platform/jobs/queue.js';
import { runBackfill, runRetag } from './feed.js';
import { findRun, updateRun } from './runs.queries.js';

/** Runs one backfill or re-tag (text_runs row); progress is written after every page. */
export const textRunJob = defineJob({
  name: 'text-run',
  payload: z.object({ workspaceId: z.uuid(), runId: z.uuid() }),
  retryLimit: 2,
  expireInSeconds: 60 * 60,
  handler: async (ctx, p) => {
    const run = await findRun(ctx.db, p.workspaceId, p.runId);
    if (!run || run.status === 'completed') return { skipped: true };
    await updateRun(ctx.db, p.workspaceId, p.runId, { status: 'running', started: true, error: null });
    try {
      const counts = run.kind === 'backfill' ? await runBackfill(ctx, p.workspaceId, p.runId) : await runRetag(ctx, p.workspaceId, p.runId);
      await updateRun(ctx.db, p.workspaceId, p.runId, { status: 'completed', finished: true, counts });
      return counts;
    } catch (err) {
      await updateRun(ctx.db, p.workspaceId, p.runId, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed' });
      throw err;
    }
  },
});

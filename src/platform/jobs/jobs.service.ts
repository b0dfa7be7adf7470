import type { Actor, AppContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { JOBS_CURSOR, ZJobsCursor, type TJobsQuery } from './jobs.schemas.js';
import { decodeCursor, encodeCursor, pageOf } from '../http/cursor.js';
import {
  countJobsOfWorkspace,
  findJobsOfWorkspace,
  isArchivedJobOfWorkspace,
  lockJobOfWorkspace,
  markJobForRetry,
} from './jobs.queries.js';

/** The caller's workspace's background jobs and how many are in each state; other workspaces' jobs never show. */
export async function listJobs(ctx: AppContext, actor: Actor, q: TJobsQuery) {
  const after = q.cursor ? decodeCursor(q.cursor, JOBS_CURSOR, ZJobsCursor) : undefined;
  const [rows, counts] = await Promise.all([
    findJobsOfWorkspace(ctx.database.raw, actor.workspaceId, q, after),
    countJobsOfWorkspace(ctx.database.raw, actor.workspaceId, q.queue),
  ]);
  const page = pageOf(rows, q.limit, (last) => encodeCursor(JOBS_CURSOR, last.after));
  return { data: page.data.map((r) => r.job), nextCursor: page.nextCursor, counts };
}

/**
 * Puts a failed job of the caller's workspace back in its queue (audited). Another workspace's job
 * is "not found"; a job that is not failed, or was already archived, cannot be retried.
 */
export async function retryJob(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const job = await lockJobOfWorkspace(tx, actor.workspaceId, id);
    if (!job) {
      if (await isArchivedJobOfWorkspace(tx, actor.workspaceId, id)) {
        throw new AppError('conflict', 'This job has been archived and can no longer be retried.');
      }
      throw notFound('The job');
    }
    if (job.state !== 'failed') {
      throw new AppError('conflict', `Only failed jobs can be retried; this one is ${job.state}.`);
    }
    await markJobForRetry(tx, job.queue, id);
    await ctx.audit(tx, actor, { action: 'job.retried', targetType: 'job', targetId: id, details: { queue: job.queue } });
    return { id, queue: job.queue, state: 'retry' as const };
  });
}

import type { AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { TEXT_RUN_KINDS } from './insight.tables.js';
import { findRecentRuns, findRun, insertRun, type RunRow } from './runs.queries.js';
import { textRunJob } from './text-runs.jobs.js';
import type { TRun } from './runs.schemas.js';

export const presentRun = (r: RunRow): TRun => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  processed: r.processed,
  counts: r.counts,
  error: r.error,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

/**
 * Records a backfill or re-tag run and queues its job (after the caller's commit: call it outside a
 * transaction). The dashboard follows it with GET /text/runs/{id}.
 */
export async function startRun(ctx: AppContext, workspaceId: string, kind: (typeof TEXT_RUN_KINDS)[number]): Promise<string> {
  const id = newId();
  await insertRun(ctx.db, { workspaceId, id, kind });
  await ctx.jobs.send(textRunJob, { workspaceId, runId: id });
  return id;
}

export async function getRun(db: Db, workspaceId: string, id: string): Promise<TRun> {
  const row = await findRun(db, workspaceId, id);
  if (!row) throw notFound('Run');
  return presentRun(row);
}

export async function listRuns(db: Db, workspaceId: string): Promise<TRun[]> {
  return (await findRecentRuns(db, workspaceId, 20)).map(presentRun);
}

import type { AppContext } from '../platform/context.js';
import { systemActor } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import type { JobRun } from '../platform/jobs/queue.js';
import { runImport } from './pipeline.js';
import {
  deleteChunks,
  findImportJob,
  importStatus,
  insertRowErrors,
  MAX_STORED_ERRORS,
  readChunk,
  transitionImportJob,
  updateImportJob,
} from './imports.queries.js';

/** Retries of a crashed import before it is given up as failed. */
export const IMPORT_RETRY_LIMIT = 3;

/** The stored upload, chunk after chunk, as one byte stream. */
export async function* chunkStream(db: Db, workspaceId: string, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const data = await readChunk(db, workspaceId, importId, seq);
    if (!data) return;
    yield data;
  }
}

/**
 * Runs (or resumes) one import: streams the stored file through the pipeline, records progress and
 * rejected rows after every committed batch, stops when cancelled, and removes the file when done.
 * A retry after a crash skips the rows already committed; the batch in flight during the crash is
 * written again, which changes nothing because imports are idempotent.
 */
export async function executeImport(ctx: AppContext, workspaceId: string, importId: string, run: JobRun): Promise<void> {
  const job = await findImportJob(ctx.db, workspaceId, importId);
  if (!job) return;
  if (job.status !== 'queued' && job.status !== 'running') {
    await deleteChunks(ctx.db, workspaceId, importId);
    return;
  }
  const claimed = await transitionImportJob(ctx.db, workspaceId, importId, ['queued', 'running'], {
    status: 'running',
    startedAt: job.startedAt ?? new Date(),
    errorMessage: null,
  });
  if (!claimed) return;

  const resuming = job.plan !== null && job.processed > 0;
  let stored = Math.min(job.rejected, MAX_STORED_ERRORS);
  try {
    const summary = await runImport(ctx, systemActor(workspaceId, `import by ${job.createdBy}`), chunkStream(ctx.db, workspaceId, importId), {
      kind: job.kind,
      mapping: job.mapping,
      defaults: job.defaults,
      sizeBytes: job.sizeBytes,
      plan: job.plan ?? undefined,
      resumeFrom: resuming ? { processed: job.processed, created: job.created, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected } : undefined,
      onPlan: (plan) => updateImportJob(ctx.db, workspaceId, importId, { plan }),
      onBatch: async (p, errors) => {
        await insertRowErrors(ctx.db, workspaceId, importId, errors, stored);
        stored = Math.min(stored + errors.length, MAX_STORED_ERRORS);
        await updateImportJob(ctx.db, workspaceId, importId, {
          processed: p.processed,
          created: p.created,
          updated: p.updated,
          unchanged: p.unchanged,
          rejected: p.rejected,
          totalRows: p.totalRows ?? null,
        });
      },
      shouldStop: async () => (await importStatus(ctx.db, workspaceId, importId)) === 'cancelled',
    });
    if (!summary.cancelled) {
      await transitionImportJob(ctx.db, workspaceId, importId, ['running'], {
        status: 'completed',
        processed: summary.processed,
        totalRows: summary.processed,
        totalIsExact: true,
        finishedAt: new Date(),
      });
    }
    await deleteChunks(ctx.db, workspaceId, importId);
  } catch (err) {
    // A broken file or mapping fails the same way every time; other errors get the queue's retries.
    const permanent = err instanceof AppError || run.retryCount >= IMPORT_RETRY_LIMIT;
    if (!permanent) throw err;
    const message = err instanceof AppError ? err.message : 'The import stopped on an internal error; see the server log.';
    ctx.log.warn({ err, importId }, 'import failed');
    await transitionImportJob(ctx.db, workspaceId, importId, ['running', 'queued'], { status: 'failed', errorMessage: message, finishedAt: new Date() });
    await deleteChunks(ctx.db, workspaceId, importId);
    if (!(err instanceof AppError)) throw err;
  }
}

import { z } from 'zod';
import { systemActor, type AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, type JobDefinition, type JobRun } from '../../platform/jobs/queue.js';
import type { RowError } from '../../imports/pipeline.js';
import { MAX_STORED_ERRORS, readUpload, removeUpload, storeRowErrors } from '../../imports/upload-store.js';
import { importResponses } from './response-import.js';
import { findResponseImportJob, transitionResponseImportJob, updateResponseImportJob } from './response-import-jobs.queries.js';

const RETRY_LIMIT = 3;

/** The report keys rows by number: a row with two bad values becomes one line naming both. */
export function mergeRowErrors(errors: RowError[]): RowError[] {
  const byRow = new Map<number, RowError>();
  for (const e of errors) {
    const seen = byRow.get(e.row);
    if (!seen) byRow.set(e.row, { ...e });
    else {
      seen.column = [seen.column, e.column].filter(Boolean).join(', ') || null;
      seen.message = `${seen.message}; ${e.message}`;
    }
  }
  return [...byRow.values()];
}

/**
 * Runs one queued historical-responses import: streams the stored file through the same import as
 * `kunde import responses`, writes the progress and the report rows after every committed batch,
 * stops at the next batch when cancelled, and removes the file when done. A retry after a crash
 * starts the file again: rows already stored are recognised by their row key and counted as
 * duplicates, never stored twice.
 */
export async function executeResponseImport(ctx: AppContext, workspaceId: string, importId: string, run: JobRun): Promise<void> {
  const job = await findResponseImportJob(ctx.db, workspaceId, importId);
  if (!job) return;
  if (job.status !== 'queued' && job.status !== 'running') {
    await removeUpload(ctx.db, workspaceId, importId);
    return;
  }
  const claimed = await transitionResponseImportJob(ctx.db, workspaceId, importId, ['queued', 'running'], { status: 'running', startedAt: job.startedAt ?? new Date(), errorMessage: null });
  if (!claimed) return;
  // A retry reads the whole file again, so its report is counted again from the start.
  let stored = 0;
  let errorRows = 0;
  try {
    const summary = await importResponses(ctx, systemActor(workspaceId, `import by ${job.createdBy}`), job.surveyId, readUpload(ctx.db, workspaceId, importId), {
      mapping: job.mapping,
      sizeBytes: job.sizeBytes,
      via: 'dashboard',
      onPlan: (plan) => updateResponseImportJob(ctx.db, workspaceId, importId, { headers: plan.headers }),
      onBatch: async (p, errors) => {
        const rows = mergeRowErrors(errors);
        await storeRowErrors(ctx.db, workspaceId, importId, rows, stored);
        stored = Math.min(stored + rows.length, MAX_STORED_ERRORS);
        errorRows += rows.length;
        await updateResponseImportJob(ctx.db, workspaceId, importId, {
          processed: p.processed, imported: p.imported, duplicates: p.duplicates, rejected: p.rejected, invalidValues: p.invalidValues, errorRows, totalRows: p.totalRows ?? null,
        });
      },
      shouldStop: async () => (await findResponseImportJob(ctx.db, workspaceId, importId))?.status === 'cancelled',
    });
    if (!summary.cancelled) {
      await transitionResponseImportJob(ctx.db, workspaceId, importId, ['running'], { status: 'completed', processed: summary.processed, totalRows: summary.processed, totalIsExact: true, finishedAt: new Date() });
    }
    await removeUpload(ctx.db, workspaceId, importId);
  } catch (err) {
    // A broken file or mapping fails the same way every time; other errors get the queue's retries.
    const permanent = err instanceof AppError || run.retryCount >= RETRY_LIMIT;
    if (!permanent) throw err;
    const message = err instanceof AppError ? err.message : 'The import stopped on an internal error; see the server log.';
    ctx.log.warn({ err, importId }, 'response import failed');
    await transitionResponseImportJob(ctx.db, workspaceId, importId, ['running', 'queued'], { status: 'failed', errorMessage: message, finishedAt: new Date() });
    await removeUpload(ctx.db, workspaceId, importId);
    if (!(err instanceof AppError)) throw err;
  }
}

/** One dashboard/API import of historical answers; any process with a worker may pick it up. */
export const runResponseImportJob = defineJob({
  name: 'surveys-import-responses',
  payload: z.object({ workspaceId: z.uuid(), importId: z.uuid() }),
  retryLimit: RETRY_LIMIT,
  retryDelaySeconds: 10,
  expireInSeconds: 2 * 60 * 60,
  handler: (ctx, p, run) => executeResponseImport(ctx, p.workspaceId, p.importId, run),
});

export const responseImportJobs: JobDefinition[] = [runResponseImportJob] as JobDefinition[];

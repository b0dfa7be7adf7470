import { z } from 'zod';
import { defineJob, type JobDefinition } from '../platform/jobs/queue.js';
import { executeImport, IMPORT_RETRY_LIMIT } from './run-import-job.js';

/** Runs one uploaded CSV import; any server process with a worker may pick it up. */
export const runImportJob = defineJob({
  name: 'imports-run',
  payload: z.object({ workspaceId: z.uuid(), importId: z.uuid() }),
  retryLimit: IMPORT_RETRY_LIMIT,
  retryDelaySeconds: 10,
  // Millions of rows take minutes; a worker silent for this long is presumed dead and the job resumes.
  expireInSeconds: 2 * 60 * 60,
  handler: (ctx, p, run) => executeImport(ctx, p.workspaceId, p.importId, run),
});

export const importsJobs: JobDefinition[] = [runImportJob];

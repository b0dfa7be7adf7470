import type { Db } from '../platform/db/client.js';
import type { AppContext } from '../platform/context.js';
import { errorReportHeader, errorReportLines } from './error-report.js';
import { deleteChunks, insertRowErrors, listRowErrors, MAX_STORED_ERRORS } from './imports.queries.js';
import type { RowError } from './pipeline.js';
import { chunkStream } from './run-import-job.js';

/**
 * The seam other domains use to run their own CSV imports as jobs on the imports domain's storage:
 * the uploaded file in chunks (readable by whichever process runs the job) and the rejected rows
 * with their report. Ids are the caller's job ids (UUIDv7, so they never collide with imports').
 */
export { storeUpload, discardUpload } from './imports.service.js';
export { firstBytes, readSample } from './preview.js';
export { MAX_STORED_ERRORS };

/** The stored upload as one byte stream. */
export const readUpload = (db: Db, workspaceId: string, uploadId: string) => chunkStream(db, workspaceId, uploadId);

/** Removes the stored file once its job is done with it. */
export const removeUpload = (db: Db, workspaceId: string, uploadId: string) => deleteChunks(db, workspaceId, uploadId);

/** Stores report rows (one per row number; the first MAX_STORED_ERRORS); a re-run batch stores nothing twice. */
export const storeRowErrors = (db: Db, workspaceId: string, uploadId: string, errors: RowError[], alreadyStored: number) =>
  insertRowErrors(db, workspaceId, uploadId, errors, alreadyStored);

/** The stored report as CSV lines (row, column, error, then the file's columns), page by page. */
export async function* rowErrorReport(ctx: AppContext, workspaceId: string, uploadId: string, headers: string[]): AsyncGenerator<string> {
  yield errorReportHeader(headers);
  for (let after = 0; ; ) {
    const page = await listRowErrors(ctx.db, workspaceId, uploadId, after, 1000);
    if (page.length === 0) return;
    yield errorReportLines(page.map((e) => ({ row: e.rowNumber, column: e.column, message: e.message, values: e.values })));
    after = page[page.length - 1].rowNumber;
  }
}

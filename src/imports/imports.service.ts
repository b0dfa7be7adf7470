import { Readable } from 'node:stream';
import type { Actor, AppContext } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { idCursor, pageOf } from '../platform/http/cursor.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ByteSource } from './csv-reader.js';
import type { ImportKind } from './field-catalog.js';
import { buildPlan } from './mapping.js';
import { blankToNull } from './value-types.js';
import { attributeTypesOf, readSample } from './preview.js';
import { errorReportHeader, errorReportLines } from './error-report.js';
import { runImportJob } from './imports.jobs.js';
import { chunkStream } from './run-import-job.js';
import {
  deleteChunks,
  findImportJob,
  insertChunk,
  insertImportJob,
  listImportJobs,
  listRowErrors,
  transitionImportJob,
  type ImportJobRow,
} from './imports.queries.js';
import type { TImport } from './imports.schemas.js';
import { errorReportFileName, importProgress } from '../platform/jobs/import-progress.js';

export const CHUNK_BYTES = 1024 * 1024;

/**
 * Stores an upload in ~1 MB chunks as it arrives (never the whole file in memory), so the import can
 * run in whichever process has a worker. A failed upload leaves nothing behind.
 */
export async function storeUpload(ctx: AppContext, workspaceId: string, importId: string, stream: ByteSource): Promise<number> {
  let seq = 0;
  let size = 0;
  let parts: Buffer[] = [];
  let pending = 0;
  const flush = async () => {
    if (pending === 0) return;
    await insertChunk(ctx.db, workspaceId, importId, seq++, Buffer.concat(parts));
    parts = [];
    pending = 0;
  };
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      parts.push(buf);
      pending += buf.length;
      size += buf.length;
      if (pending >= CHUNK_BYTES) await flush();
    }
    await flush();
    return size;
  } catch (err) {
    await deleteChunks(ctx.db, workspaceId, importId);
    throw err;
  }
}

/** Removes a stored upload whose import was refused. */
export const discardUpload = (ctx: AppContext, workspaceId: string, importId: string) => deleteChunks(ctx.db, workspaceId, importId);

export interface NewImport {
  id: string;
  kind: ImportKind;
  fileName: string;
  sizeBytes: number;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
}

/**
 * Queues the import of a stored upload. The mapping is checked against the file's header and first
 * rows now, so a person hears about an unknown column or a missing identifier at once, not later
 * from a failed job. The upload is removed again when the request is refused.
 */
export async function createImport(ctx: AppContext, actor: Actor, input: NewImport): Promise<TImport> {
  try {
    if (input.sizeBytes === 0) throw new AppError('validation_failed', 'The file is empty: it needs a header row and at least one row.');
    const sample = await readSample(chunkStream(ctx.db, actor.workspaceId, input.id));
    buildPlan({
      kind: input.kind,
      headers: sample.headers,
      sample: sample.rows.map((r) => r.map((v) => blankToNull(v))),
      mapping: input.mapping,
      defaults: input.defaults,
      attributeTypes: await attributeTypesOf(ctx.db, input.kind, actor.workspaceId),
      commaDecimals: sample.delimiter === ';',
    });
  } catch (err) {
    await deleteChunks(ctx.db, actor.workspaceId, input.id);
    throw err;
  }
  const job = await ctx.db.transaction(async (tx) => {
    const row = await insertImportJob(tx, {
      workspaceId: actor.workspaceId,
      id: input.id,
      kind: input.kind,
      fileName: input.fileName,
      sizeBytes: input.sizeBytes,
      mapping: input.mapping ?? {},
      defaults: input.defaults ?? {},
      createdBy: actor.label,
    });
    await recordAudit(tx, actor, {
      action: 'customers.import.started',
      targetType: 'import',
      targetId: input.id,
      details: { kind: input.kind, fileName: input.fileName, sizeBytes: input.sizeBytes },
    });
    return row;
  });
  // After commit: on PGlite the queue shares the one connection the transaction held.
  await ctx.jobs.send(runImportJob, { workspaceId: actor.workspaceId, importId: input.id });
  return presentImport(job);
}

/** An id for a new upload; chunks are stored under it before the import row exists. */
export const newImportId = (): string => newId();

export async function getImport(ctx: AppContext, workspaceId: string, id: string): Promise<TImport> {
  const job = await findImportJob(ctx.db, workspaceId, id);
  if (!job) throw notFound('Import');
  return presentImport(job);
}

export async function listImports(ctx: AppContext, workspaceId: string, limit: number, cursor?: string) {
  const rows = await listImportJobs(ctx.db, workspaceId, limit + 1, idCursor.decode('imports', cursor));
  const page = pageOf(rows, limit, (last) => idCursor.encode('imports', last.id));
  return { data: page.data.map(presentImport), nextCursor: page.nextCursor };
}

/** Stops a queued or running import after its current batch; rows already imported stay. */
export async function cancelImport(ctx: AppContext, actor: Actor, id: string): Promise<TImport> {
  const job = await findImportJob(ctx.db, actor.workspaceId, id);
  if (!job) throw notFound('Import');
  if (job.status === 'cancelled') return presentImport(job);
  const cancelled = await ctx.db.transaction(async (tx) => {
    const row = await transitionImportJob(tx, actor.workspaceId, id, ['queued', 'running'], { status: 'cancelled', finishedAt: new Date() });
    if (!row) return undefined;
    await recordAudit(tx, actor, { action: 'customers.import.cancelled', targetType: 'import', targetId: id, details: { processed: row.processed } });
    return row;
  });
  if (!cancelled) throw new AppError('conflict', `The import has already ${job.status === 'completed' ? 'completed' : 'failed'}; there is nothing to cancel.`);
  // A queued job may never get a worker; the file goes now (a running job stops at its next batch and removes it).
  if (job.status === 'queued') await deleteChunks(ctx.db, actor.workspaceId, id);
  return presentImport(cancelled);
}

/** The rejected rows as CSV (row, column, error, then the file's columns), streamed page by page. */
export async function errorReport(ctx: AppContext, workspaceId: string, id: string): Promise<{ fileName: string; stream: Readable }> {
  const job = await findImportJob(ctx.db, workspaceId, id);
  if (!job) throw notFound('Import');
  const headers = job.plan?.headers ?? [];
  async function* lines() {
    yield errorReportHeader(headers);
    for (let after = 0; ; ) {
      const page = await listRowErrors(ctx.db, workspaceId, id, after, 1000);
      if (page.length === 0) return;
      yield errorReportLines(page.map((e) => ({ row: e.rowNumber, column: e.column, message: e.message, values: e.values })));
      after = page[page.length - 1].rowNumber;
    }
  }
  return { fileName: errorReportFileName(job.fileName, 'import'), stream: Readable.from(lines()) };
}

export function presentImport(job: ImportJobRow): TImport {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    mapping: job.mapping,
    defaults: job.defaults,
    progress: importProgress(job),
    counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected },
    errorMessage: job.errorMessage,
    errorsUrl: job.rejected > 0 ? `/api/v1/imports/${job.id}/errors.csv` : null,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

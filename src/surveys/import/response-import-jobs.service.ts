import { Readable } from 'node:stream';
import type { Actor, AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { idCursor, pageOf } from '../../platform/http/cursor.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { ByteSource } from '../../imports/csv-reader.js';
import { discardUpload, readSample, readUpload, rowErrorReport } from '../../imports/upload-store.js';
import { requireSurvey } from '../surveys.service.js';
import { buildResponsePlan, mapResponseRow, RESPONSE_FIELDS, suggestResponseMapping } from './response-mapping.js';
import { findResponseImportJob, insertResponseImportJob, listResponseImportJobs, transitionResponseImportJob, type ResponseImportJobRow } from './response-import-jobs.queries.js';
import { runResponseImportJob } from './response-import.jobs.js';
import type { TResponseImportJob, TResponseImportPreview } from './response-import-jobs.schemas.js';
import { errorReportFileName, importProgress } from '../../platform/jobs/import-progress.js';

const PREVIEW_ROWS = 5;

/** An id for a new upload; its chunks are stored under it before the job row exists. */
export const newResponseImportId = (): string => newId();

/**
 * What the dashboard shows before an import: the first rows, a suggested mapping (or the one given),
 * the choices per column, how many sample values would be left empty, and the problems that would
 * refuse the mapping. Reads only the start of the file.
 */
export async function previewResponseImport(ctx: AppContext, workspaceId: string, surveyId: string, source: ByteSource, opts: { mapping?: Record<string, string>; truncated?: boolean }): Promise<TResponseImportPreview> {
  const survey = await requireSurvey(ctx, workspaceId, surveyId);
  const questions = survey.definition.questions;
  const sample = await readSample(source, { truncated: opts.truncated });
  const suggested = suggestResponseMapping(sample.headers, questions);
  const mapping = opts.mapping ?? suggested;
  const problems: { path: string; message: string }[] = [];
  const invalid = new Map<string, number>();
  try {
    const plan = buildResponsePlan(sample.headers, questions, mapping);
    for (const row of sample.rows) for (const p of mapResponseRow(plan, row).problems) invalid.set(p.column, (invalid.get(p.column) ?? 0) + 1);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const details = err.details as { errors?: { path: string; message: string }[] } | undefined;
    problems.push(...(details?.errors ?? [{ path: 'mapping', message: err.message }]));
  }
  const lang = survey.definition.languages[0];
  return {
    delimiter: sample.delimiter,
    sampledRows: sample.rows.length,
    columns: sample.headers.map((h, i) => ({ column: h, target: mapping[h] ?? 'ignore', suggested: suggested[h], examples: sample.rows.slice(0, PREVIEW_ROWS).map((r) => r[i] ?? ''), invalidInSample: invalid.get(h) ?? 0 })),
    rows: sample.rows.slice(0, PREVIEW_ROWS),
    targets: [
      ...questions.filter((q) => q.type !== 'contact').map((q) => ({ value: q.id, kind: 'question' as const, type: q.type, label: q.text[lang] ?? Object.values(q.text)[0] ?? q.id })),
      ...RESPONSE_FIELDS.filter((f) => f !== 'ignore').map((f) => ({ value: f, kind: 'field' as const, type: null, label: f })),
    ],
    problems,
  };
}

/**
 * Queues the import of a stored upload into a survey. The mapping is checked against the file's
 * header now, so a wrong column is refused at once, not later by a failed job; a refused request
 * leaves no upload behind. Audited.
 */
export async function createResponseImport(ctx: AppContext, actor: Actor, surveyId: string, input: { id: string; fileName: string; sizeBytes: number; mapping: Record<string, string> }): Promise<TResponseImportJob> {
  const ws = actor.workspaceId;
  try {
    const survey = await requireSurvey(ctx, ws, surveyId);
    if (input.sizeBytes === 0) throw new AppError('validation_failed', 'The file is empty: it needs a header row and at least one row.');
    const sample = await readSample(readUpload(ctx.db, ws, input.id), { maxRows: 1 });
    buildResponsePlan(sample.headers, survey.definition.questions, input.mapping);
  } catch (err) {
    await discardUpload(ctx, ws, input.id);
    throw err;
  }
  const job = await ctx.db.transaction(async (tx) => {
    const row = await insertResponseImportJob(tx, { workspaceId: ws, id: input.id, surveyId, fileName: input.fileName, sizeBytes: input.sizeBytes, mapping: input.mapping, createdBy: actor.label });
    await recordAudit(tx, actor, { action: 'surveys.responses.import.started', targetType: 'survey', targetId: surveyId, details: { importId: input.id, fileName: input.fileName, sizeBytes: input.sizeBytes } });
    return row;
  });
  // After commit: on PGlite the queue shares the one connection the transaction held.
  await ctx.jobs.send(runResponseImportJob, { workspaceId: ws, importId: input.id });
  return presentResponseImport(job);
}

export async function getResponseImport(ctx: AppContext, ws: string, surveyId: string, id: string): Promise<TResponseImportJob> {
  await requireSurvey(ctx, ws, surveyId);
  const job = await findResponseImportJob(ctx.db, ws, id, surveyId);
  if (!job) throw notFound('Import');
  return presentResponseImport(job);
}

export async function listResponseImports(ctx: AppContext, ws: string, surveyId: string, limit: number, cursor?: string) {
  await requireSurvey(ctx, ws, surveyId);
  const rows = await listResponseImportJobs(ctx.db, ws, surveyId, limit + 1, idCursor.decode('response-imports', cursor));
  const page = pageOf(rows, limit, (last) => idCursor.encode('response-imports', last.id));
  return { data: page.data.map(presentResponseImport), nextCursor: page.nextCursor };
}

/** Stops a queued or running import after its current batch; responses already stored stay. Audited. */
export async function cancelResponseImport(ctx: AppContext, actor: Actor, surveyId: string, id: string): Promise<TResponseImportJob> {
  const ws = actor.workspaceId;
  await requireSurvey(ctx, ws, surveyId);
  const job = await findResponseImportJob(ctx.db, ws, id, surveyId);
  if (!job) throw notFound('Import');
  if (job.status === 'cancelled') return presentResponseImport(job);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await transitionResponseImportJob(tx, ws, id, ['queued', 'running'], { status: 'cancelled', finishedAt: new Date() });
    if (r) await recordAudit(tx, actor, { action: 'surveys.responses.import.cancelled', targetType: 'survey', targetId: surveyId, details: { importId: id, processed: r.processed } });
    return r;
  });
  if (!row) throw new AppError('conflict', `The import has already ${job.status === 'completed' ? 'completed' : 'failed'}; there is nothing to cancel.`);
  if (job.status === 'queued') await discardUpload(ctx, ws, id);
  return presentResponseImport(row);
}

/** The per-row report (row, column, problem, then the row as it was), streamed. */
export async function responseImportErrors(ctx: AppContext, ws: string, surveyId: string, id: string): Promise<{ fileName: string; stream: Readable }> {
  await requireSurvey(ctx, ws, surveyId);
  const job = await findResponseImportJob(ctx.db, ws, id, surveyId);
  if (!job) throw notFound('Import');
  return { fileName: errorReportFileName(job.fileName, 'responses'), stream: Readable.from(rowErrorReport(ctx, ws, id, job.headers ?? [])) };
}

export function presentResponseImport(job: ResponseImportJobRow): TResponseImportJob {
  return {
    id: job.id,
    surveyId: job.surveyId,
    status: job.status,
    fileName: job.fileName,
    sizeBytes: job.sizeBytes,
    mapping: job.mapping,
    progress: importProgress(job),
    counts: { imported: job.imported, duplicates: job.duplicates, rejected: job.rejected, invalidValues: job.invalidValues, errorRows: job.errorRows },
    errorMessage: job.errorMessage,
    errorsUrl: job.errorRows > 0 ? `/api/v1/surveys/${job.surveyId}/responses/imports/${job.id}/errors.csv` : null,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

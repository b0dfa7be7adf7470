import type { Actor, AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, randomToken, sha256 } from '../../platform/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import { openCsv, readHeader, type ByteSource, type Delimiter } from '../../imports/csv-reader.js';
import { checkHeaders, cleanHeaders } from '../../imports/mapping.js';
import type { RowError } from '../../imports/pipeline.js';
import { findSurvey, type NewResponseRow, type SurveyRow } from '../surveys.queries.js';
import { pickLanguage } from '../responses.service.js';
import { syncResponse } from '../customer-sync.js';
import { recountLimitsLater } from '../response-limits.js';
import { buildResponsePlan, mapResponseRow, type ResponsePlan } from './response-mapping.js';
import { claimRowKeys, findResponsesByIds, insertResponses } from './response-import.queries.js';

const BATCH = 1000;

export interface ResponseImportProgress {
  processed: number;
  imported: number;
  /** Already imported by an earlier run of the same file. */
  duplicates: number;
  /** Rows with nothing left to store (every answer empty or invalid). */
  rejected: number;
  /** Values left empty because they were not valid answers (the rest of their row was kept). */
  invalidValues: number;
  bytesRead: number;
  totalRows?: number;
}

export interface ResponseImportSummary extends ResponseImportProgress {
  surveyId: string;
  columns: { column: string; target: string }[];
  delimiter: Delimiter;
  durationMs: number;
  cancelled: boolean;
}

export interface ResponseImportOptions {
  mapping?: Record<string, string>;
  delimiter?: Delimiter;
  sizeBytes?: number;
  /** The header is known: the error report can start. */
  onPlan?: (plan: ResponsePlan) => Promise<void> | void;
  /** After each committed batch, with that batch's problems (row, column, why, the row's values). */
  onBatch?: (progress: ResponseImportProgress, errors: RowError[]) => Promise<void> | void;
  via?: string;
  /** Asked after each committed batch: a cancelled job stops there (rows already stored stay). */
  shouldStop?: () => Promise<boolean>;
}

const describe = (plan: ResponsePlan) =>
  plan.targets.flatMap((t, i) => (t ? [{ column: plan.headers[i], target: t.kind === 'question' ? t.question.id : t.kind === 'hidden' ? `hidden.${t.name}` : t.field }] : []));

/**
 * Streams historical answers from a CSV file into a survey: each row becomes one finished response
 * of the survey's current version, channel "import". An invalid value leaves that answer empty and is
 * reported, the rest of the row is kept; a row with no answer left is rejected. Each batch commits
 * in one transaction; a row already imported (same content, same occurrence) is skipped, so importing
 * a file twice stores it once. Responses carrying an e-mail or external id reach the customer's
 * profile as survey_response events after their batch commits; anonymous ones never do.
 */
export async function importResponses(ctx: AppContext, actor: Actor, surveyId: string, source: ByteSource, opts: ResponseImportOptions = {}): Promise<ResponseImportSummary> {
  const started = performance.now();
  const survey = await findSurvey(ctx.db, actor.workspaceId, surveyId);
  if (!survey) throw notFound('Survey');
  const def = survey.definition;
  const csv = await openCsv(source, { delimiter: opts.delimiter });
  const records = csv.parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const headers = cleanHeaders(await readHeader(records, csv));
  checkHeaders(headers);
  const plan = buildResponsePlan(headers, def.questions, opts.mapping);
  await opts.onPlan?.(plan);

  const p: ResponseImportProgress = { processed: 0, imported: 0, duplicates: 0, rejected: 0, invalidValues: 0, bytesRead: 0 };
  const occurrences = new Map<string, number>();
  let batch: { rowKey: string; row: NewResponseRow }[] = [];
  let errors: RowError[] = [];
  let line = 1;
  let skippedSeen = 0;
  let cancelled = false;

  const flush = async () => {
    const rows = batch;
    batch = [];
    const stored = await ctx.db.transaction(async (tx) => {
      const claimed = await claimRowKeys(tx, actor.workspaceId, survey.id, rows.map((r) => ({ rowKey: r.rowKey, responseId: r.row.id! })));
      const fresh = rows.filter((r) => claimed.has(r.rowKey)).map((r) => r.row);
      await insertResponses(tx, fresh);
      if (fresh.length) await recountLimitsLater(tx, survey);
      return fresh;
    });
    p.imported += stored.length;
    p.duplicates += rows.length - stored.length;
    p.bytesRead = csv.parser.info.bytes;
    if (opts.sizeBytes && p.bytesRead) p.totalRows = Math.max(p.processed, Math.round(p.processed * (opts.sizeBytes / p.bytesRead)));
    await syncIdentified(ctx, actor.workspaceId, stored);
    const out = errors;
    errors = [];
    await opts.onBatch?.({ ...p }, out);
  };

  for (let next = await records.next(); !next.done; next = await records.next()) {
    while (skippedSeen < csv.skipped.length) {
      line++;
      p.processed++;
      p.rejected++;
      errors.push({ row: line, column: null, message: csv.skipped[skippedSeen++].message, values: [] });
    }
    line++;
    p.processed++;
    const values = next.value;
    const mapped = mapResponseRow(plan, values);
    for (const problem of mapped.problems) errors.push({ row: line, column: problem.column, message: problem.message, values });
    p.invalidValues += mapped.problems.filter((x) => plan.targets[headers.indexOf(x.column)]?.kind === 'question').length;
    if (Object.keys(mapped.answers).length === 0) {
      p.rejected++;
      if (mapped.problems.length === 0) errors.push({ row: line, column: null, message: 'no answer in this row; nothing imported', values });
      continue;
    }
    const content = sha256(JSON.stringify(values));
    const n = (occurrences.get(content) ?? 0) + 1;
    occurrences.set(content, n);
    batch.push({ rowKey: `${content}:${n}`, row: responseRow(survey, mapped, actor) });
    if (batch.length >= BATCH) {
      await flush();
      if (await opts.shouldStop?.()) {
        cancelled = true;
        break;
      }
    }
  }
  if (!cancelled) await flush();
  else csv.parser.destroy();
  p.totalRows = p.processed;
  await recordAudit(ctx.db, actor, {
    action: 'surveys.responses.imported',
    targetType: 'survey',
    targetId: survey.id,
    details: { rows: p.processed, cancelled, imported: p.imported, duplicates: p.duplicates, rejected: p.rejected, invalidValues: p.invalidValues, via: opts.via ?? 'api' },
  });
  return { ...p, surveyId: survey.id, columns: describe(plan), delimiter: csv.delimiter, durationMs: Math.round(performance.now() - started), cancelled };

  function responseRow(s: SurveyRow, m: ReturnType<typeof mapResponseRow>, who: Actor): NewResponseRow {
    const at = m.submittedAt ?? new Date();
    const identified = Boolean(m.email || m.externalId);
    return {
      workspaceId: who.workspaceId,
      id: newId(),
      surveyId: s.id,
      surveyVersion: s.version,
      status: 'finished',
      answers: m.answers,
      hidden: m.hidden,
      language: pickLanguage(def, m.language),
      touchpoint: s.touchpoint,
      channel: 'import',
      team: s.team,
      respondent: { ...(m.email ? { email: m.email } : {}), ...(m.externalId ? { externalId: m.externalId } : {}) },
      // Nobody holds a secret for an imported response: a random one nobody knows.
      secretHash: sha256(randomToken(32)),
      meta: {},
      // Anonymous historical answers have no profile to reach.
      syncedAt: identified ? null : new Date(),
      createdAt: at,
      updatedAt: new Date(),
      finishedAt: at,
    };
  }
}

/** Identified rows reach their profiles now; a failure is left to the sync sweep, never failing the import. */
async function syncIdentified(ctx: AppContext, workspaceId: string, rows: NewResponseRow[]): Promise<void> {
  const ids = rows.filter((r) => r.syncedAt === null).map((r) => r.id!);
  if (ids.length === 0) return;
  for (const row of await findResponsesByIds(ctx.db, workspaceId, ids)) {
    try {
      await syncResponse(ctx, row);
    } catch (err) {
      ctx.log.warn({ err, responseId: row.id }, 'imported response not synced yet; the sweep retries it');
    }
  }
}

export function assertCsvUpload(contentType: string | undefined): void {
  if (contentType && !/^(text\/(csv|plain|tab-separated-values)|application\/(csv|octet-stream))\b/i.test(contentType)) {
    throw new AppError('unsupported_media_type', 'Send the file as text/csv.');
  }
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { AppError } from '../../platform/errors.js';
import { errorReportHeader, errorReportLines } from '../../imports/error-report.js';
import type { RowError } from '../../imports/pipeline.js';
import { ZSurveyParams } from '../surveys.schemas.js';
import { importResponses } from './response-import.js';

/** Problems shown inline; the full list is in the CSV report. */
const MAX_INLINE_ERRORS = 1000;
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

const ZMapPairs = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .describe('column=target (repeatable): a question id, submittedAt, email, externalId, language, hidden.<name> or ignore')
  .transform((v, c) => {
    const out: Record<string, string> = {};
    for (const pair of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
      const at = pair.lastIndexOf('=');
      if (at <= 0 || at === pair.length - 1) {
        c.addIssue({ code: 'custom', message: `"${pair}" must be column=target, e.g. nps=q1` });
        return z.NEVER;
      }
      out[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return out;
  });

const ZImportJson = z.object({
  csv: z.string().min(1).max(10 * 1024 * 1024).describe('The file itself (up to 10 MB here; larger files as text/csv)'),
  mapping: z.record(z.string().max(200), z.string().max(200)).default({}),
});

const ZImportReply = z.object({
  surveyId: z.uuid(),
  processed: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  invalidValues: z.number().int(),
  columns: z.array(z.object({ column: z.string(), target: z.string() })),
  durationMs: z.number(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() })).describe(`The first ${MAX_INLINE_ERRORS} problems`),
  errorReport: z.string().nullable().describe('CSV: row, column, error, then the row as it was (null without problems)'),
});

/** Historical answers into a survey from the dashboard or the API, the same import as `kunde import responses`. */
export async function responseImportRoutes(base: FastifyInstance) {
  // The CSV body is streamed into the import as it arrives, not buffered whole.
  base.addContentTypeParser(['text/csv', 'text/plain', 'text/tab-separated-values'], { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.post('/surveys/:id/responses/import', {
    schema: {
      tags: ['surveys'],
      summary: 'Import historical answers from a CSV file (one finished response per row)',
      description:
        'Send the file as text/csv with ?map=column=target pairs, or JSON {csv, mapping}. A value that is not a valid answer (e.g. "NA" for an NPS question) leaves that answer empty and is listed in the report; the rest of the row is kept. Importing the same file again stores nothing twice.',
      params: ZSurveyParams,
      querystring: z.object({ map: ZMapPairs }),
      consumes: ['text/csv', 'application/json'],
      response: { 200: ZImportReply },
    },
    config: { permission: 'surveys:manage' },
  }, async (req) => {
    const body: unknown = req.body;
    let source: AsyncIterable<Buffer | string> | string[];
    let mapping = req.query.map ?? {};
    if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
      source = body as AsyncIterable<Buffer | string>;
    } else {
      const parsed = ZImportJson.safeParse(body);
      if (!parsed.success) {
        throw new AppError('validation_failed', 'Send the file as text/csv, or JSON {"csv": "…", "mapping": {"column": "questionId"}}.', {
          errors: parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })),
        });
      }
      source = [parsed.data.csv];
      mapping = { ...parsed.data.mapping, ...mapping };
    }
    const errors: RowError[] = [];
    let headers: string[] = [];
    let report = '';
    const summary = await importResponses(ctx, actorOf(req), req.params.id, source, {
      mapping,
      via: 'api',
      onPlan: (plan) => {
        headers = plan.headers;
      },
      onBatch: (_p, batch) => {
        if (batch.length && !report) report = errorReportHeader(headers);
        report += errorReportLines(batch);
        for (const e of batch) if (errors.length < MAX_INLINE_ERRORS) errors.push(e);
      },
    });
    return {
      ...summary,
      errors: errors.map(({ row, column, message }) => ({ row, column, message })),
      errorReport: report || null,
    };
  });
}

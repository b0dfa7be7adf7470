import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { cursorValue, decodeCursor, encodeCursor } from '../platform/http/cursor.js';
import type { Answer } from './answers.js';
import { requireSurvey } from './surveys.service.js';
import { answerCounts, answeredCounts, countByStatus, listResponseRows, progressCounts, type ListedResponse, type ResponseFilter } from './results.queries.js';
import { questionFunnel, summariseQuestion, type QuestionSummary } from './summary.js';
import { surveyResponseRates, type ResponseRates } from './distribution/response-rates.js';

export interface SurveySummary {
  surveyId: string;
  version: number;
  responseCount: { total: number; finished: number; partial: number };
  completionRate: number | null;
  questions: (QuestionSummary & { reached: number })[];
  distribution: ResponseRates;
}

/**
 * Results of a survey over the responses matching the filter, per question of the current
 * definition (answers to questions removed in a later version are left out).
 */
export async function surveySummary(ctx: AppContext, workspaceId: string, surveyId: string, f: ResponseFilter, lang?: string): Promise<SurveySummary> {
  const s = await requireSurvey(ctx, workspaceId, surveyId);
  const d = s.definition;
  const language = lang && d.languages.includes(lang) ? lang : (d.defaultLanguage ?? d.languages[0]);
  const single = d.questions.filter((q) => q.type !== 'multiple_choice' && q.type !== 'text' && q.type !== 'contact').map((q) => q.id);
  const multi = d.questions.filter((q) => q.type === 'multiple_choice').map((q) => q.id);
  const order = d.questions.map((q) => q.id);
  const [counts, values, answered, progress, distribution] = await Promise.all([
    countByStatus(ctx.db, workspaceId, surveyId, f),
    answerCounts(ctx.db, workspaceId, surveyId, f, single, multi),
    answeredCounts(ctx.db, workspaceId, surveyId, f),
    progressCounts(ctx.db, workspaceId, surveyId, f, order),
    surveyResponseRates(ctx.db, workspaceId, surveyId),
  ]);
  const byQuestion = new Map<string, Map<string, number>>();
  for (const v of values) {
    const m = byQuestion.get(v.key) ?? new Map<string, number>();
    m.set(v.value, (m.get(v.value) ?? 0) + v.n);
    byQuestion.set(v.key, m);
  }
  const answeredBy = new Map(answered.map((a) => [a.key, a.n]));
  const funnel = questionFunnel(order.length, progress);
  const total = counts.finished + counts.partial;
  return {
    surveyId,
    version: s.version,
    responseCount: { total, finished: counts.finished, partial: counts.partial },
    completionRate: total ? Math.round((10000 * counts.finished) / total) / 100 : null,
    questions: d.questions.map((q, i) => ({
      ...summariseQuestion(q, language, answeredBy.get(q.id) ?? 0, funnel.dropOffs[i], byQuestion.get(q.id) ?? new Map()),
      reached: funnel.reached[i],
    })),
    distribution,
  };
}

const CURSOR = 'survey-responses:id';

export function presentResponse(r: ListedResponse) {
  return {
    id: r.id,
    surveyId: r.surveyId,
    version: r.surveyVersion,
    status: r.status,
    answers: r.answers,
    hidden: r.hidden,
    language: r.language,
    touchpoint: r.touchpoint,
    channel: r.channel,
    team: r.team,
    customer: { id: r.customerId, email: r.respondent.email ?? null, externalId: r.respondent.externalId ?? null },
    invitationId: r.invitationId,
    source: r.source,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    finishedAt: r.finishedAt,
  };
}

export async function listResponses(ctx: AppContext, workspaceId: string, surveyId: string, f: ResponseFilter, limit: number, cursor?: string) {
  await requireSurvey(ctx, workspaceId, surveyId);
  const before = cursor ? decodeCursor(cursor, CURSOR, z.tuple([cursorValue.id]))[0] : undefined;
  const rows = await listResponseRows(ctx.db, workspaceId, surveyId, f, limit + 1, before);
  const page = rows.slice(0, limit);
  return { data: page.map(presentResponse), nextCursor: rows.length > limit ? encodeCursor(CURSOR, [page[page.length - 1].id]) : null };
}

/** An answer as one CSV cell: scores and texts as they are, lists joined with "; ", other as "other: …". */
export function answerCell(a: Answer | undefined): string | number {
  if (a === undefined || a === null) return '';
  if (typeof a === 'number' || typeof a === 'string') return a;
  if (Array.isArray(a)) return a.map((x) => (typeof x === 'string' ? x : `other: ${x.other}`)).join('; ');
  if ('other' in a && typeof a.other === 'string') return `other: ${a.other}`;
  return Object.entries(a).map(([k, v]) => `${k}: ${v}`).join('; ');
}

/** Every matching response as CSV, read 1,000 at a time and streamed (csv-stringify quotes and escapes). */
export async function exportResponsesCsv(ctx: AppContext, workspaceId: string, surveyId: string, f: ResponseFilter) {
  const s = await requireSurvey(ctx, workspaceId, surveyId);
  const questions = s.definition.questions.map((q) => q.id);
  const hidden = s.definition.hiddenFields;
  const header = ['response_id', 'created_at', 'finished_at', 'status', 'version', 'language', 'touchpoint', 'channel', 'team', 'customer_id', 'email', 'external_id', ...questions, ...hidden.map((h) => `hidden.${h}`)];
  async function* rows() {
    yield header;
    for (let before: string | undefined; ; ) {
      const page = await listResponseRows(ctx.db, workspaceId, surveyId, f, 1000, before);
      for (const r of page) {
        yield [r.id, r.createdAt.toISOString(), r.finishedAt?.toISOString() ?? '', r.status, r.surveyVersion, r.language, r.touchpoint, r.channel, r.team ?? '',
          r.customerId ?? '', r.respondent.email ?? '', r.respondent.externalId ?? '', ...questions.map((q) => answerCell(r.answers[q])), ...hidden.map((h) => r.hidden[h] ?? '')];
      }
      if (page.length < 1000) return;
      before = page[page.length - 1].id;
    }
  }
  const base = s.name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'survey';
  // A leading = + - @ would run as a formula in a spreadsheet: such cells get a quote prefix.
  const stream = Readable.from(rows()).pipe(stringify({ cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) } }));
  return { fileName: `${base}.responses.csv`, stream };
}

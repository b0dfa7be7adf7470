import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import type { ResponseRow } from './surveys.queries.js';

/** Filters shared by the response list, the CSV export and the summary. */
export interface ResponseFilter {
  status?: 'finished' | 'partial';
  from?: string;
  to?: string;
  language?: string;
  touchpoint?: string;
  channel?: string;
  team?: string;
  version?: number;
  /** Score range on one question (its id), e.g. detractors: question=q1, scoreMax=6. */
  question?: string;
  scoreMin?: number;
  scoreMax?: number;
  /** Any text answer contains this (case-insensitive). */
  q?: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE clause of a filter over survey_responses aliased r. */
export function responseWhere(workspaceId: string, surveyId: string, f: ResponseFilter): SQL {
  const parts: SQL[] = [sql`r.workspace_id = ${workspaceId}`, sql`r.survey_id = ${surveyId}`];
  if (f.status) parts.push(sql`r.status = ${f.status}`);
  if (f.from) parts.push(sql`r.created_at >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`r.created_at < ${f.to}::timestamptz`);
  if (f.language) parts.push(sql`r.language = ${f.language}`);
  if (f.touchpoint) parts.push(sql`r.touchpoint = ${f.touchpoint}`);
  if (f.channel) parts.push(sql`r.channel = ${f.channel}`);
  if (f.team) parts.push(sql`r.team = ${f.team}`);
  if (f.version !== undefined) parts.push(sql`r.survey_version = ${f.version}`);
  if (f.question && (f.scoreMin !== undefined || f.scoreMax !== undefined)) {
    const score = sql`(case when jsonb_typeof(r.answers -> ${f.question}) = 'number' then (r.answers ->> ${f.question})::float8 end)`;
    if (f.scoreMin !== undefined) parts.push(sql`${score} >= ${f.scoreMin}`);
    if (f.scoreMax !== undefined) parts.push(sql`${score} <= ${f.scoreMax}`);
  }
  if (f.q) {
    parts.push(sql`exists (select 1 from jsonb_each(r.answers) t where jsonb_typeof(t.value) = 'string' and t.value #>> '{}' ilike ${`%${likeEscape(f.q)}%`})`);
  }
  return sql.join(parts, sql` and `);
}

interface RawResponse {
  workspace_id: string;
  id: string;
  survey_id: string;
  survey_version: number;
  status: 'partial' | 'finished';
  answers: ResponseRow['answers'];
  hidden: Record<string, string>;
  language: string;
  touchpoint: string;
  channel: string;
  team: string | null;
  respondent: ResponseRow['respondent'];
  customer_id: string | null;
  invitation_id: string | null;
  source: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

export type ListedResponse = Omit<ResponseRow, 'secretHash' | 'deviceKey' | 'meta' | 'syncedAt'> & { source: string | null };

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** Newest first, `before` the last id of the previous page. */
export async function listResponseRows(db: Db, workspaceId: string, surveyId: string, f: ResponseFilter, limit: number, before?: string): Promise<ListedResponse[]> {
  const rows = await selectRows<RawResponse>(
    db,
    sql`select r.workspace_id, r.id, r.survey_id, r.survey_version, r.status, r.answers, r.hidden, r.language, r.touchpoint, r.channel,
          r.team, r.respondent, r.customer_id, r.invitation_id, r.meta ->> 'source' as source, r.created_at, r.updated_at, r.finished_at
        from survey_responses r
        where ${responseWhere(workspaceId, surveyId, f)} ${before ? sql`and r.id < ${before}` : sql``}
        order by r.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    id: r.id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    status: r.status,
    answers: r.answers,
    hidden: r.hidden,
    language: r.language,
    touchpoint: r.touchpoint,
    channel: r.channel,
    team: r.team,
    respondent: r.respondent,
    customerId: r.customer_id,
    invitationId: r.invitation_id,
    source: r.source,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    finishedAt: r.finished_at ? toDate(r.finished_at) : null,
  }));
}

export async function countByStatus(db: Db, workspaceId: string, surveyId: string, f: ResponseFilter) {
  const [r] = await selectRows<{ finished: number; partial: number }>(
    db,
    sql`select count(*) filter (where r.status = 'finished')::int as finished, count(*) filter (where r.status = 'partial')::int as partial
        from survey_responses r where ${responseWhere(workspaceId, surveyId, f)}`,
  );
  return r;
}

/** How often each (question, answer) occurs: scores as numbers, option ids, "__other__" for other texts. */
export async function answerCounts(db: Db, workspaceId: string, surveyId: string, f: ResponseFilter, singleIds: string[], multiIds: string[]) {
  return selectRows<{ key: string; value: string; n: number }>(
    db,
    sql`select e.key, case when jsonb_typeof(e.value) = 'object' then '__other__' else e.value #>> '{}' end as value, count(*)::int as n
        from survey_responses r cross join lateral jsonb_each(r.answers) e
        where ${responseWhere(workspaceId, surveyId, f)} and e.key = any(${sql.param(singleIds)}::text[])
        group by 1, 2
        union all
        select e.key, case when jsonb_typeof(x.value) = 'object' then '__other__' else x.value #>> '{}' end, count(*)::int
        from survey_responses r cross join lateral jsonb_each(r.answers) e cross join lateral jsonb_array_elements(e.value) x
        where ${responseWhere(workspaceId, surveyId, f)} and e.key = any(${sql.param(multiIds)}::text[]) and jsonb_typeof(e.value) = 'array'
        group by 1, 2`,
  );
}

/** Responses answering each question. */
export async function answeredCounts(db: Db, workspaceId: string, surveyId: string, f: ResponseFilter) {
  return selectRows<{ key: string; n: number }>(
    db,
    sql`select e.key, count(*)::int as n from survey_responses r cross join lateral jsonb_each(r.answers) e
        where ${responseWhere(workspaceId, surveyId, f)} group by 1`,
  );
}

/**
 * Responses by status and the furthest question (in survey order, 1-based) they answered: where people
 * got to and where they stopped. null: no answer to a current question.
 */
export async function progressCounts(db: Db, workspaceId: string, surveyId: string, f: ResponseFilter, order: string[]) {
  return selectRows<{ status: 'finished' | 'partial'; last: number | null; n: number }>(
    db,
    sql`select r.status, (select max(array_position(${sql.param(order)}::text[], k)) from jsonb_object_keys(r.answers) k) as last, count(*)::int as n
        from survey_responses r where ${responseWhere(workspaceId, surveyId, f)} group by 1, 2`,
  );
}

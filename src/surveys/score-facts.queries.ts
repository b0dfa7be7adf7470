import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';

/** One scored question in scope: which survey, which answer key, and its scale. */
export interface ScoredQuestionRef {
  surveyId: string;
  questionId: string;
  scaleMin: number;
  scaleMax: number;
}

export type FactInterval = 'day' | 'week' | 'month' | 'quarter';
/** Columns of a response that analytics may break down by; `customer` hands the customer id out for the caller to group. */
export type ResponseDimension = 'survey' | 'touchpoint' | 'channel' | 'team' | 'language' | 'customer';

export interface FactWindow {
  workspaceId: string;
  /** Instants (ISO): from inclusive, to exclusive. */
  from?: string;
  to?: string;
  interval?: FactInterval;
  timeZone: string;
  groupBy?: ResponseDimension;
  touchpoint?: string;
  channel?: string;
  team?: string;
  language?: string;
  /** Only these [from, to) instant ranges (the days a rollup does not hold yet). */
  ranges?: [string, string][];
  /** Only responses of these customers (a segment or persona filter resolved by the customers domain). */
  customerIds?: string[];
}

const GROUP_COLUMN: Record<ResponseDimension, SQL> = {
  survey: sql`r.survey_id::text`,
  touchpoint: sql`r.touchpoint`,
  channel: sql`r.channel`,
  team: sql`r.team`,
  language: sql`r.language`,
  customer: sql`r.customer_id::text`,
};

/** The local calendar day the period starts on, in the workspace's zone (date_trunc weeks start on Monday, ISO). */
function bucketOf(w: FactWindow): SQL {
  if (!w.interval) return sql`null::text`;
  // ::date::text (ISO date style) rather than to_char: to_char per row doubled the cost of a series.
  return sql`date_trunc(${w.interval}, r.created_at at time zone ${w.timeZone})::date::text`;
}

function windowWhere(w: FactWindow): SQL {
  const parts: SQL[] = [sql`r.workspace_id = ${w.workspaceId}::uuid`];
  if (w.from) parts.push(sql`r.created_at >= ${w.from}::timestamptz`);
  if (w.to) parts.push(sql`r.created_at < ${w.to}::timestamptz`);
  if (w.touchpoint) parts.push(sql`r.touchpoint = ${w.touchpoint}`);
  if (w.channel) parts.push(sql`r.channel = ${w.channel}`);
  if (w.team) parts.push(sql`r.team = ${w.team}`);
  if (w.language) parts.push(sql`r.language = ${w.language}`);
  if (w.ranges) {
    parts.push(w.ranges.length
      ? sql`exists (select 1 from unnest(${sql.param(w.ranges.map((x) => x[0]))}::timestamptz[], ${sql.param(w.ranges.map((x) => x[1]))}::timestamptz[]) as w(s, e)
                    where r.created_at >= w.s and r.created_at < w.e)`
      : sql`false`);
  }
  if (w.customerIds) parts.push(sql`r.customer_id = any(${sql.param(w.customerIds)}::uuid[])`);
  return sql.join(parts, sql` and `);
}

export interface ScoreFactRow {
  bucket: string | null;
  grp: string | null;
  scale_min: number;
  scale_max: number;
  score: number;
  n: number;
}

/**
 * How many answers gave each score, per period and group: a histogram is enough to compute NPS, top-box
 * shares, means and variances exactly, and it stays small (≤ 11 rows per cell) however many responses
 * there are. The questions in scope arrive as parallel arrays so one statement reads each response once.
 */
export async function selectScoreHistogram(db: Db, w: FactWindow, questions: ScoredQuestionRef[]): Promise<ScoreFactRow[]> {
  if (!questions.length) return [];
  const grp = w.groupBy ? GROUP_COLUMN[w.groupBy] : sql`null::text`;
  return selectRows<ScoreFactRow>(
    db,
    sql`with q as (
          select * from unnest(${sql.param(questions.map((x) => x.surveyId))}::uuid[], ${sql.param(questions.map((x) => x.questionId))}::text[],
                               ${sql.param(questions.map((x) => x.scaleMin))}::int[], ${sql.param(questions.map((x) => x.scaleMax))}::int[])
            as q(survey_id, question_id, smin, smax)
        ),
        a as (
          select ${bucketOf(w)} as bucket, ${grp} as grp, q.smin, q.smax, (r.answers ->> q.question_id)::float8 as score
          from q join survey_responses r on r.survey_id = q.survey_id
          where ${windowWhere(w)} and jsonb_typeof(r.answers -> q.question_id) = 'number'
        )
        select bucket, grp, smin as scale_min, smax as scale_max, score::int as score, count(*)::int as n
        from a where score between smin and smax and score = floor(score)
        group by 1, 2, 3, 4, 5`,
  );
}

export interface VolumeRow {
  bucket: string | null;
  grp: string | null;
  finished: number;
  partial: number;
  invited: number;
}

/** Responses per period and group by status; `invited` counts those that answer an invitation. */
export async function selectResponseVolume(db: Db, w: FactWindow, surveyIds: string[]): Promise<VolumeRow[]> {
  if (!surveyIds.length) return [];
  const grp = w.groupBy ? GROUP_COLUMN[w.groupBy] : sql`null::text`;
  return selectRows<VolumeRow>(
    db,
    sql`select ${bucketOf(w)} as bucket, ${grp} as grp,
          count(*) filter (where r.status = 'finished')::int as finished,
          count(*) filter (where r.status = 'partial')::int as partial,
          count(*) filter (where r.invitation_id is not null)::int as invited
        from survey_responses r
        where ${windowWhere(w)} and r.survey_id = any(${sql.param(surveyIds)}::uuid[])
        group by 1, 2`,
  );
}

/** Every survey of a workspace with its current definition (few rows: surveys, not responses). */
export async function selectSurveyDefinitions(db: Db, workspaceId: string) {
  return selectRows<{ id: string; name: string; definition: { questions: unknown[] } }>(
    db,
    sql`select id, name, definition from surveys where workspace_id = ${workspaceId}::uuid order by id`,
  );
}

export interface DailyScoreRow {
  day: string;
  survey_id: string;
  question_id: string;
  touchpoint: string;
  channel: string;
  team: string | null;
  language: string;
  score: number;
  n: number;
}

/**
 * Whole-number answers 0–10 of every question (any scale of NPS, CSAT, CES and rating fits), counted per
 * local day in `timeZone` and per response dimension: what an analytics rollup stores. The reader applies
 * each question's scale, exactly as selectScoreHistogram does (same float8 cast and whole-number test).
 * `ranges` restricts to [from, to) instants (the days to refresh); all days without it.
 */
export async function selectDailyScoreCounts(db: Db, workspaceId: string, timeZone: string, ranges?: [string, string][]): Promise<DailyScoreRow[]> {
  const w: FactWindow = { workspaceId, timeZone, ranges };
  return selectRows<DailyScoreRow>(
    db,
    sql`select (r.created_at at time zone ${timeZone})::date::text as day, r.survey_id::text as survey_id, a.key as question_id,
               r.touchpoint, r.channel, r.team, r.language, a.v::int as score, count(*)::int as n
        from survey_responses r
        cross join lateral (select e.key, (e.value::text)::float8 as v from jsonb_each(r.answers) e where jsonb_typeof(e.value) = 'number') a
        where ${windowWhere(w)} and a.v between 0 and 10 and a.v = floor(a.v)
        group by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
}

/** Local days (in `timeZone`) of the responses written or changed after `since` (index on workspace_id, updated_at). */
export async function selectChangedDays(db: Db, workspaceId: string, timeZone: string, since: string): Promise<string[]> {
  const rows = await selectRows<{ day: string }>(
    db,
    sql`select distinct (created_at at time zone ${timeZone})::date::text as day from survey_responses
        where workspace_id = ${workspaceId}::uuid and updated_at > ${since}::timestamptz order by 1`,
  );
  return rows.map((r) => r.day);
}

/** Answers of the newest responses of one survey that answered `questionId` with a number (key drivers). */
export async function selectAnswerRows(db: Db, w: FactWindow & { surveyId: string; questionId: string; limit: number }): Promise<{ answers: Record<string, unknown>; customer_id: string | null }[]> {
  return selectRows<{ answers: Record<string, unknown>; customer_id: string | null }>(
    db,
    sql`select r.answers, r.customer_id::text as customer_id from survey_responses r
        where ${windowWhere(w)} and r.survey_id = ${w.surveyId}::uuid and jsonb_typeof(r.answers -> ${w.questionId}) = 'number'
        order by r.created_at desc limit ${w.limit}`,
  );
}

/** Each given customer's newest answer to one question of a survey (customers who never answered it are absent). */
export async function selectLatestAnswers(db: Db, ws: string, q: { surveyId: string; questionId: string; customerIds: string[] }): Promise<{ customer_id: string; value: unknown }[]> {
  if (q.customerIds.length === 0) return [];
  return selectRows<{ customer_id: string; value: unknown }>(
    db,
    sql`select distinct on (r.customer_id) r.customer_id, r.answers -> ${q.questionId} as value
        from survey_responses r
        where r.workspace_id = ${ws} and r.survey_id = ${q.surveyId}::uuid and r.customer_id = any(${sql.param(q.customerIds)}::uuid[])
          and r.answers ? ${q.questionId}
        order by r.customer_id, r.created_at desc`,
  );
}

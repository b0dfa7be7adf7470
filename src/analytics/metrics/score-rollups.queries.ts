import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { selectRows } from '../../platform/db/client.js';
import type { FactInterval, ScoredQuestionRef } from '../../surveys/score-facts.js';

export interface RollupState {
  timeZone: string;
  watermark: string;
}

export async function selectRollupState(db: Db, workspaceId: string): Promise<RollupState | undefined> {
  const [row] = await selectRows<{ time_zone: string; watermark: string }>(
    db,
    sql`select time_zone, to_char(watermark at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as watermark
        from analytics_score_rollups where workspace_id = ${workspaceId}::uuid`,
  );
  return row ? { timeZone: row.time_zone, watermark: row.watermark } : undefined;
}

/**
 * Serialises rebuilds and refreshes of one workspace's rollup: each replaces whole days, and two at once
 * could both delete a day and then both insert it (double counts).
 */
export async function lockRollup(tx: Db, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kunde:score-rollup:${workspaceId}`}::text, 0))`);
}

/** Deletes the given days (all days when `days` is undefined). */
export async function deleteRollupDays(tx: Db, workspaceId: string, days?: string[]): Promise<void> {
  await tx.execute(
    days
      ? sql`delete from analytics_score_days where workspace_id = ${workspaceId}::uuid and day = any(${sql.param(days)}::date[])`
      : sql`delete from analytics_score_days where workspace_id = ${workspaceId}::uuid`,
  );
}

const BATCH = 5_000;
const SCORES = Array.from({ length: 11 }, (_, i) => i);

/** One rollup row: a cell of the day and its answers per score 0–10. */
export interface RollupCell {
  day: string;
  surveyId: string;
  questionId: string;
  touchpoint: string;
  channel: string;
  team: string | null;
  language: string;
  counts: number[];
}

/** Inserts cells as parallel arrays: one statement per 5,000 cells whatever their number. */
export async function insertRollupRows(tx: Db, workspaceId: string, cells: RollupCell[]): Promise<void> {
  for (let i = 0; i < cells.length; i += BATCH) {
    const b = cells.slice(i, i + BATCH);
    const col = <T>(f: (r: RollupCell) => T) => sql.param(b.map(f));
    const counts = SCORES.map((k) => sql`${col((r) => r.counts[k])}::int[]`);
    await tx.execute(sql`
      insert into analytics_score_days (workspace_id, day, survey_id, question_id, touchpoint, channel, team, language, ${sql.raw(SCORES.map((k) => `n${k}`).join(', '))})
      select ${workspaceId}::uuid, * from unnest(${col((r) => r.day)}::date[], ${col((r) => r.surveyId)}::uuid[], ${col((r) => r.questionId)}::text[],
        ${col((r) => r.touchpoint)}::text[], ${col((r) => r.channel)}::text[], ${col((r) => r.team)}::text[], ${col((r) => r.language)}::text[],
        ${sql.join(counts, sql`, `)})`);
  }
}

export async function upsertRollupState(tx: Db, workspaceId: string, timeZone: string, watermark: string, rebuilt: boolean): Promise<void> {
  await tx.execute(sql`
    insert into analytics_score_rollups (workspace_id, time_zone, watermark) values (${workspaceId}::uuid, ${timeZone}, ${watermark}::timestamptz)
    on conflict (workspace_id) do update set time_zone = excluded.time_zone, watermark = excluded.watermark
      ${rebuilt ? sql`, rebuilt_at = now()` : sql``}`);
}

export type RollupDimension = 'survey' | 'touchpoint' | 'channel' | 'team' | 'language';

const GROUP_COLUMN: Record<RollupDimension, SQL> = {
  survey: sql`s.survey_id::text`,
  touchpoint: sql`s.touchpoint`,
  channel: sql`s.channel`,
  team: sql`s.team`,
  language: sql`s.language`,
};

export interface RollupWindow {
  workspaceId: string;
  /** Local days: from inclusive, to exclusive. */
  fromDay?: string;
  toDay?: string;
  /** Days the rollup holds stale counts for; the caller reads them raw. */
  skipDays: string[];
  interval?: FactInterval;
  groupBy?: RollupDimension;
  touchpoint?: string;
  channel?: string;
  team?: string;
  language?: string;
}

export interface RollupHistogramRow {
  bucket: string | null;
  grp: string | null;
  scale_min: number;
  scale_max: number;
  /** Answers per score 0–10; the caller keeps those on the question's scale, as the raw scan does. */
  counts: number[];
}

/** The same histogram as the raw selectScoreHistogram, summed from day cells (day::timestamp keeps date_trunc off the session zone). */
export async function selectRollupHistogram(db: Db, w: RollupWindow, questions: ScoredQuestionRef[]): Promise<RollupHistogramRow[]> {
  if (!questions.length) return [];
  const where: SQL[] = [sql`s.workspace_id = ${w.workspaceId}::uuid`];
  if (w.fromDay) where.push(sql`s.day >= ${w.fromDay}::date`);
  if (w.toDay) where.push(sql`s.day < ${w.toDay}::date`);
  if (w.skipDays.length) where.push(sql`s.day <> all(${sql.param(w.skipDays)}::date[])`);
  if (w.touchpoint) where.push(sql`s.touchpoint = ${w.touchpoint}`);
  if (w.channel) where.push(sql`s.channel = ${w.channel}`);
  if (w.team) where.push(sql`s.team = ${w.team}`);
  if (w.language) where.push(sql`s.language = ${w.language}`);
  const bucket = w.interval ? sql`date_trunc(${w.interval}, s.day::timestamp)::date::text` : sql`null::text`;
  const grp = w.groupBy ? GROUP_COLUMN[w.groupBy] : sql`null::text`;
  return selectRows<RollupHistogramRow>(
    db,
    sql`with q as (
          select * from unnest(${sql.param(questions.map((x) => x.surveyId))}::uuid[], ${sql.param(questions.map((x) => x.questionId))}::text[],
                               ${sql.param(questions.map((x) => x.scaleMin))}::int[], ${sql.param(questions.map((x) => x.scaleMax))}::int[])
            as q(survey_id, question_id, smin, smax)
        )
        select ${bucket} as bucket, ${grp} as grp, q.smin as scale_min, q.smax as scale_max,
               array[${sql.raw(SCORES.map((k) => `sum(s.n${k})::int`).join(', '))}] as counts
        from analytics_score_days s join q on s.survey_id = q.survey_id and s.question_id = q.question_id
        where ${sql.join(where, sql` and `)}
        group by 1, 2, 3, 4`,
  );
}

/**
 * The watermark a rebuild or refresh may claim, taken before it reads: ten minutes back, because a writer's
 * updated_at is its transaction's start, and one still open when the read starts commits an older stamp.
 */
export async function selectSafeWatermark(db: Db): Promise<string> {
  const [row] = await selectRows<{ at: string }>(db, sql`select to_char((clock_timestamp() - interval '10 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`);
  return row.at;
}

export async function selectRollupWorkspaces(db: Db): Promise<string[]> {
  return (await selectRows<{ id: string }>(db, sql`select workspace_id::text as id from analytics_score_rollups`)).map((r) => r.id);
}

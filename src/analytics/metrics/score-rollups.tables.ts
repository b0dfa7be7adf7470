import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Answers that gave score 0, 1, …, 10: one row per cell instead of one per score (11× fewer rows to sum). */
const SCORE_COLUMNS = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`n${i}`, integer(`n${i}`).notNull().default(0)])) as Record<`n${number}`, ReturnType<typeof integer>>;

/**
 * Answer counts per local day (in the workspace's zone at build time), survey, question, touchpoint,
 * channel, team and language, with the answers per whole-number score 0–10 in n0…n10: a year of a busy workspace is ~10⁵ rows instead of
 * 10⁷ responses (a tenth of that with one row per score), and every day/week/month/quarter series and every response-dimension breakdown is a sum
 * of them. Rows of one day are replaced together, so there is no primary key to upsert on.
 */
export const scoreDays = pgTable(
  'analytics_score_days',
  {
    workspaceId: uuid('workspace_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    surveyId: uuid('survey_id').notNull(),
    questionId: text('question_id').notNull(),
    touchpoint: text('touchpoint').notNull(),
    channel: text('channel').notNull(),
    team: text('team'),
    language: text('language').notNull(),
    ...SCORE_COLUMNS,
  },
  (t) => [index('analytics_score_days_day_idx').on(t.workspaceId, t.day, t.surveyId)],
);

/**
 * One row per workspace with a built rollup: the zone its days are cut in (a changed zone means a rebuild)
 * and the watermark: responses written or changed after it are not in the rollup yet, so readers take
 * their days from the raw responses until a refresh folds them in.
 */
export const scoreRollups = pgTable('analytics_score_rollups', {
  workspaceId: uuid('workspace_id').primaryKey(),
  timeZone: text('time_zone').notNull(),
  watermark: ts('watermark').notNull(),
  rebuiltAt: ts('rebuilt_at').notNull().defaultNow(),
});

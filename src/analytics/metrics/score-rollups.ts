import type { AppContext } from '../../platform/context.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import {
  getChangedResponseDays,
  getDailyScoreCounts,
  getScoreFacts,
  getScoreFactsOf,
  resolveScoredQuestions,
  type DailyScoreRow,
  type ScoreFact,
  type ScoreFactRequest,
  type ScopedSurvey,
  type ScoredQuestionRef,
} from '../../surveys/score-facts.js';
import { localDay, localMidnight, nextPeriod } from './periods.js';
import {
  deleteRollupDays,
  insertRollupRows,
  lockRollup,
  selectRollupHistogram,
  selectRollupState,
  selectSafeWatermark,
  upsertRollupState,
  type RollupCell,
  type RollupDimension,
} from './score-rollups.queries.js';

/*
 * Score rollups: answer counts per local day and response dimension (score-rollups.tables.ts), so a
 * trend with a breakdown over millions of responses sums ~10⁵ rows. Freshness does not depend on any
 * listener (anonymous responses are never "synced"): responses written after the rollup's watermark are
 * found through their updated_at, and their days are read raw until a refresh job folds them in. The
 * answer therefore always equals a raw scan. Deleted responses are the exception: the nightly rebuild
 * (and one after a zone change) corrects them.
 */

/** More stale days than this in a window and the raw scan is cheaper than the rollup plus raw days. */
const MAX_STALE_DAYS = 60;

export type FactSource = 'rollup' | 'raw';

export interface LoadedScoreFacts {
  surveys: ScopedSurvey[];
  questions: ScoredQuestionRef[];
  facts: ScoreFact[];
  source: FactSource;
}

export interface RollupScheduler {
  rebuild(ctx: AppContext, workspaceId: string): Promise<unknown>;
  refresh(ctx: AppContext, workspaceId: string): Promise<unknown>;
}

// The jobs register themselves here (score-rollups.jobs.ts imports this file, not the other way round).
let scheduler: RollupScheduler | undefined;
export function registerRollupScheduler(s: RollupScheduler): void {
  scheduler = s;
}

const dayRange = (day: string, tz: string): [string, string] => [localMidnight(day, tz).toISOString(), localMidnight(nextPeriod(day, 'day'), tz).toISOString()];

/** The local day an instant starts, when the instant is that day's local midnight; undefined otherwise. */
function midnightDay(instant: string, tz: string): string | undefined {
  const day = localDay(new Date(instant), tz);
  return localMidnight(day, tz).getTime() === Date.parse(instant) ? day : undefined;
}

/**
 * The score histogram of a metric request, from the rollup when it can answer exactly (zone unchanged,
 * bounds on local midnights, a response dimension or none) and from the raw responses otherwise:
 * customer dimensions and segment/persona filters need each respondent, so they stay raw.
 */
export async function loadScoreFacts(ctx: AppContext, workspaceId: string, req: ScoreFactRequest): Promise<LoadedScoreFacts> {
  const raw = async (): Promise<LoadedScoreFacts> => ({ ...(await getScoreFacts(ctx, workspaceId, req)), source: 'raw' });
  if (req.groupBy === 'customer' || req.customerIds || req.ranges) return raw();
  const state = await selectRollupState(ctx.db, workspaceId);
  if (!state || state.timeZone !== req.timeZone) {
    await scheduler?.rebuild(ctx, workspaceId);
    return raw();
  }
  const tz = req.timeZone;
  const fromDay = req.from ? midnightDay(req.from, tz) : undefined;
  const toDay = req.to ? midnightDay(req.to, tz) : undefined;
  if ((req.from && !fromDay) || (req.to && !toDay)) return raw();

  const changed = await getChangedResponseDays(ctx, workspaceId, tz, state.watermark);
  if (changed.length) await scheduler?.refresh(ctx, workspaceId);
  const stale = changed.filter((d) => (!fromDay || d >= fromDay) && (!toDay || d < toDay));
  if (stale.length > MAX_STALE_DAYS) return raw();

  const { surveys, questions } = await resolveScoredQuestions(ctx, workspaceId, req);
  const rows = await selectRollupHistogram(
    ctx.db,
    { workspaceId, fromDay, toDay, skipDays: stale, interval: req.interval, groupBy: req.groupBy as RollupDimension | undefined, touchpoint: req.touchpoint, channel: req.channel, team: req.team, language: req.language },
    questions,
  );
  const facts: ScoreFact[] = [];
  for (const r of rows) {
    for (let score = r.scale_min; score <= r.scale_max; score++) {
      if (r.counts[score] > 0) facts.push({ period: r.bucket, group: r.grp, scaleMin: r.scale_min, scaleMax: r.scale_max, score, count: r.counts[score] });
    }
  }
  if (stale.length) facts.push(...(await getScoreFactsOf(ctx, workspaceId, { ...req, ranges: stale.map((d) => dayRange(d, tz)) }, questions)));
  return { surveys, questions, facts, source: 'rollup' };
}

/** Day rows of the surveys seam (one per score) as rollup cells (one per day and dimensions, counts per score). */
function cellsOf(rows: DailyScoreRow[]): RollupCell[] {
  const cells = new Map<string, RollupCell>();
  for (const r of rows) {
    const key = JSON.stringify([r.day, r.survey_id, r.question_id, r.touchpoint, r.channel, r.team, r.language]);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { day: r.day, surveyId: r.survey_id, questionId: r.question_id, touchpoint: r.touchpoint, channel: r.channel, team: r.team, language: r.language, counts: new Array<number>(11).fill(0) }));
    c.counts[r.score] += r.n;
  }
  return [...cells.values()];
}

/** Rebuilds a workspace's rollup from every response, in its current time zone. */
export async function rebuildScoreRollup(ctx: AppContext, workspaceId: string): Promise<{ rows: number }> {
  const { timeZone } = await getWorkspace(ctx.db, workspaceId);
  const watermark = await selectSafeWatermark(ctx.db);
  const cells = cellsOf(await getDailyScoreCounts(ctx, workspaceId, timeZone));
  await writeTransaction(ctx, async (tx) => {
    await lockRollup(tx, workspaceId);
    await deleteRollupDays(tx, workspaceId);
    await insertRollupRows(tx, workspaceId, cells);
    await upsertRollupState(tx, workspaceId, timeZone, watermark, true);
  });
  return { rows: cells.length };
}

/** Folds the days changed since the watermark into the rollup (a rebuild when there is none or the zone changed). */
export async function refreshScoreRollup(ctx: AppContext, workspaceId: string): Promise<{ days: number; rows: number }> {
  const [{ timeZone }, state] = await Promise.all([getWorkspace(ctx.db, workspaceId), selectRollupState(ctx.db, workspaceId)]);
  if (!state || state.timeZone !== timeZone) return { days: -1, ...(await rebuildScoreRollup(ctx, workspaceId)) };
  const watermark = await selectSafeWatermark(ctx.db);
  const days = await getChangedResponseDays(ctx, workspaceId, timeZone, state.watermark);
  const cells = days.length ? cellsOf(await getDailyScoreCounts(ctx, workspaceId, timeZone, days.map((d) => dayRange(d, timeZone)))) : [];
  await writeTransaction(ctx, async (tx) => {
    await lockRollup(tx, workspaceId);
    await deleteRollupDays(tx, workspaceId, days);
    await insertRollupRows(tx, workspaceId, cells);
    await upsertRollupState(tx, workspaceId, timeZone, watermark, false);
  });
  return { days: days.length, rows: cells.length };
}

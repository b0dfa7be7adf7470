import type { AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { requireSurvey } from './surveys.service.js';
import type { TQuestion } from './survey-definition.js';
import {
  selectAnswerRows,
  selectChangedDays,
  selectDailyScoreCounts,
  selectLatestAnswers,
  selectResponseVolume,
  selectScoreHistogram,
  selectSurveyDefinitions,
  type DailyScoreRow,
  type FactWindow,
  type ScoredQuestionRef,
} from './score-facts.queries.js';

export type { DailyScoreRow, FactInterval, FactWindow, ResponseDimension, ScoredQuestionRef } from './score-facts.queries.js';

export type ScoreMetric = 'nps' | 'csat' | 'ces';

/** Counts of one score in one period and group; `group` is null when not grouping or the response has no value. */
export interface ScoreFact {
  period: string | null;
  group: string | null;
  scaleMin: number;
  scaleMax: number;
  score: number;
  count: number;
}

export interface ScopedSurvey {
  id: string;
  name: string;
}

export interface ScoreFactRequest extends Omit<FactWindow, 'workspaceId'> {
  metric: ScoreMetric;
  /** One survey, or every survey of the workspace. */
  surveyId?: string;
  /** One question of that survey; else every question of the metric's type. */
  questionId?: string;
}

function scaleOf(q: TQuestion): [number, number] | undefined {
  if (q.type === 'nps') return [0, 10];
  if (q.type === 'csat' || q.type === 'ces') return [q.scale.min, q.scale.max];
  return undefined;
}

async function scope(ctx: AppContext, workspaceId: string, surveyId?: string): Promise<{ id: string; name: string; questions: TQuestion[] }[]> {
  if (surveyId) {
    const s = await requireSurvey(ctx, workspaceId, surveyId);
    return [{ id: s.id, name: s.name, questions: s.definition.questions }];
  }
  const rows = await selectSurveyDefinitions(ctx.db, workspaceId);
  return rows.map((r) => ({ id: r.id, name: r.name, questions: r.definition.questions as TQuestion[] }));
}

/**
 * The questions of the metric's type in each survey's current definition (or the one asked for): a survey
 * from another workspace is a 404, a question of another type a 422.
 */
export async function resolveScoredQuestions(ctx: AppContext, workspaceId: string, req: Pick<ScoreFactRequest, 'metric' | 'surveyId' | 'questionId'>): Promise<{ surveys: ScopedSurvey[]; questions: ScoredQuestionRef[] }> {
  const surveys = await scope(ctx, workspaceId, req.surveyId);
  const questions: ScoredQuestionRef[] = [];
  for (const s of surveys) {
    for (const q of s.questions) {
      const scale = scaleOf(q);
      if (req.questionId && q.id === req.questionId && q.type !== req.metric) {
        throw new AppError('validation_failed', `Question "${q.id}" is a ${q.type} question, not ${req.metric}.`, {
          errors: [{ path: 'querystring.questionId', message: `must name a ${req.metric} question` }],
        });
      }
      if (q.type === req.metric && scale && (!req.questionId || q.id === req.questionId)) {
        questions.push({ surveyId: s.id, questionId: q.id, scaleMin: scale[0], scaleMax: scale[1] });
      }
    }
  }
  if (req.questionId && !questions.length) {
    throw new AppError('validation_failed', `No ${req.metric} question "${req.questionId}" in this survey.`, {
      errors: [{ path: 'querystring.questionId', message: 'no such question' }],
    });
  }
  return { surveys: surveys.map(({ id, name }) => ({ id, name })), questions };
}

/**
 * The score histogram analytics computes NPS, CSAT and CES from, aggregated in the database per
 * period (in the workspace's time zone) and group, over the questions resolveScoredQuestions names.
 */
export async function getScoreFacts(ctx: AppContext, workspaceId: string, req: ScoreFactRequest): Promise<{ surveys: ScopedSurvey[]; questions: ScoredQuestionRef[]; facts: ScoreFact[] }> {
  const { surveys, questions } = await resolveScoredQuestions(ctx, workspaceId, req);
  return { surveys, questions, facts: await getScoreFactsOf(ctx, workspaceId, req, questions) };
}

/** The histogram of questions already resolved (a rollup reader asks only for the days it does not hold). */
export async function getScoreFactsOf(ctx: AppContext, workspaceId: string, w: Omit<FactWindow, 'workspaceId'>, questions: ScoredQuestionRef[]): Promise<ScoreFact[]> {
  const rows = await selectScoreHistogram(ctx.db, { ...w, workspaceId }, questions);
  return rows.map((r) => ({ period: r.bucket, group: r.grp, scaleMin: r.scale_min, scaleMax: r.scale_max, score: r.score, count: r.n }));
}

/** Whole-number answers 0–10 per local day and response dimension, for an analytics rollup (all days, or the ranges given). */
export async function getDailyScoreCounts(ctx: AppContext, workspaceId: string, timeZone: string, ranges?: [string, string][]): Promise<DailyScoreRow[]> {
  return selectDailyScoreCounts(ctx.db, workspaceId, timeZone, ranges);
}

/** Local days whose responses were written or changed after `since`. */
export async function getChangedResponseDays(ctx: AppContext, workspaceId: string, timeZone: string, since: string): Promise<string[]> {
  return selectChangedDays(ctx.db, workspaceId, timeZone, since);
}

export interface VolumeFact {
  period: string | null;
  group: string | null;
  finished: number;
  partial: number;
  /** Responses that answer an e-mail invitation (the invitations sent are counted by distribution). */
  viaInvitation: number;
}

/** Responses per period and group by status, for response volume and completion rate. */
export async function getResponseVolume(ctx: AppContext, workspaceId: string, req: Omit<FactWindow, 'workspaceId'> & { surveyId?: string }): Promise<{ surveys: ScopedSurvey[]; facts: VolumeFact[] }> {
  const surveys = await scope(ctx, workspaceId, req.surveyId);
  const rows = await selectResponseVolume(ctx.db, { ...req, workspaceId }, surveys.map((s) => s.id));
  return {
    surveys: surveys.map(({ id, name }) => ({ id, name })),
    facts: rows.map((r) => ({ period: r.bucket, group: r.grp, finished: r.finished, partial: r.partial, viaInvitation: r.invited })),
  };
}

/**
 * The survey's current questions and the answers of its newest responses (at most `limit`) with a numeric
 * answer to `questionId`: the per-response data a key-driver regression needs, with each response's customer
 * (null when anonymous) so customer attributes can join the regression.
 */
export async function getAnswerRows(ctx: AppContext, workspaceId: string, req: Omit<FactWindow, 'workspaceId'> & { surveyId: string; questionId: string; limit: number }): Promise<{ survey: ScopedSurvey; questions: TQuestion[]; rows: Record<string, unknown>[]; customerIds: (string | null)[] }> {
  const s = await requireSurvey(ctx, workspaceId, req.surveyId);
  const rows = await selectAnswerRows(ctx.db, { ...req, workspaceId });
  return { survey: { id: s.id, name: s.name }, questions: s.definition.questions, rows: rows.map((r) => r.answers), customerIds: rows.map((r) => r.customer_id) };
}

/**
 * The survey's question and each given customer's newest answer to it (an exit survey's "why are you
 * leaving", read for the customers analytics found lost). 404 for another workspace's survey, 422 for a
 * question the survey does not have.
 */
export async function getLatestAnswers(ctx: AppContext, workspaceId: string, req: { surveyId: string; questionId: string; customerIds: string[] }): Promise<{ survey: ScopedSurvey; question: TQuestion; answers: { customerId: string; value: unknown }[] }> {
  const s = await requireSurvey(ctx, workspaceId, req.surveyId);
  const question = s.definition.questions.find((q) => q.id === req.questionId);
  if (!question) throw new AppError('validation_failed', `No question "${req.questionId}" in this survey.`, { errors: [{ path: 'querystring.questionId', message: 'must name a question of the survey' }] });
  const rows = await selectLatestAnswers(ctx.db, workspaceId, req);
  return { survey: { id: s.id, name: s.name }, question, answers: rows.map((r) => ({ customerId: r.customer_id, value: r.value })) };
}

import type { AppContext } from '../platform/context.js';
import type { ResponseRow } from './surveys.queries.js';
import type { SurveyDefinition } from './surveys.schemas.js';

/*
 * The seam through which other domains react to answers (the inbox opens a follow-up for a detractor, text
 * analytics reads the comments) without reading the surveys tables. Listeners are registered in
 * src/modules.ts and run after the response reached the customer profile, outside the response's
 * transaction. Delivery is at least once: a listener that throws leaves the response unsynced, so the sweep
 * calls every listener again later. Listeners must therefore be idempotent (key their work by responseId).
 */

/** One NPS/CSAT/CES answer of a response, with the scale it was given on. */
export interface ResponseScore {
  questionId: string;
  metric: 'nps' | 'csat' | 'ces';
  score: number;
  scaleMin: number;
  scaleMax: number;
}

/** A synced response as other domains see it. */
export interface SyncedResponse {
  workspaceId: string;
  responseId: string;
  surveyId: string;
  surveyName: string;
  surveyVersion: number;
  /** The profile the answer reached; null for an anonymous response. */
  customerId: string | null;
  finished: boolean;
  language: string | null;
  touchpoint: string;
  channel: string;
  team: string | null;
  answeredAt: Date;
  scores: ResponseScore[];
  /** Free-text answers by question id. */
  comments: { questionId: string; text: string }[];
  hidden: Record<string, string>;
}

export type ResponseListener = (ctx: AppContext, response: SyncedResponse) => Promise<void>;

const listeners = new Map<string, ResponseListener>();

/** Registers a named listener; registering a name again replaces it (tests use this). */
export function registerResponseListener(name: string, listener: ResponseListener | undefined): void {
  if (listener) listeners.set(name, listener);
  else listeners.delete(name);
}

const METRICS = new Set(['nps', 'csat', 'ces']);

/** The listener view of a stored response under the definition it was answered on. */
export function toSyncedResponse(row: ResponseRow, def: SurveyDefinition, survey: { name: string }, customerId: string | null): SyncedResponse {
  const scores: ResponseScore[] = [];
  const comments: { questionId: string; text: string }[] = [];
  for (const q of def.questions) {
    const answer = row.answers[q.id];
    if (METRICS.has(q.type) && typeof answer === 'number') {
      const scale = 'scale' in q ? q.scale : { min: 0, max: 10 };
      scores.push({ questionId: q.id, metric: q.type as ResponseScore['metric'], score: answer, scaleMin: scale.min, scaleMax: scale.max });
    } else if (q.type === 'text' && typeof answer === 'string' && answer.trim()) comments.push({ questionId: q.id, text: answer });
  }
  return {
    workspaceId: row.workspaceId,
    responseId: row.id,
    surveyId: row.surveyId,
    surveyName: survey.name,
    surveyVersion: row.surveyVersion,
    customerId,
    finished: row.status === 'finished',
    language: row.language,
    touchpoint: row.touchpoint,
    channel: row.channel,
    team: row.team ?? null,
    answeredAt: row.finishedAt ?? row.createdAt,
    scores,
    comments,
    hidden: row.hidden,
  };
}

/** Calls every listener; the first failure is rethrown after all ran, so the sweep retries the response. */
export async function notifyResponseListeners(ctx: AppContext, response: SyncedResponse): Promise<void> {
  let failure: unknown;
  for (const [name, listener] of listeners) {
    try {
      await listener(ctx, response);
    } catch (err) {
      ctx.log.warn({ err, listener: name, responseId: response.responseId }, 'survey response listener failed; the sweep retries it');
      failure ??= err;
    }
  }
  if (failure) throw failure;
}

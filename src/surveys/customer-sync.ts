import type { AppContext } from '../platform/context.js';
import { systemActor } from '../platform/context.js';
import { ingestEvents } from '../customers/ingest.service.js';
import type { TEventInput } from '../customers/customers.schemas.js';
import { isAnswered } from './answers.js';
import { notifyResponseListeners, toSyncedResponse } from './response-listeners.js';
import { findResponseById, findSurvey, findUnsynced, findVersion, markSynced, type ResponseRow } from './surveys.queries.js';
import type { SurveyDefinition } from './surveys.schemas.js';

const METRICS = new Set(['nps', 'csat', 'ces']);

/**
 * The customer events of a response: one `survey_response` per NPS/CSAT/CES question answered
 * (`properties.metric`, `properties.score`), or one without a metric when none was. Event ids carry
 * the response, question and score, so a re-sync stores nothing twice and a changed score is a new
 * answer on the timeline (the latest-score traits then follow it).
 */
export function responseEvents(row: ResponseRow, def: SurveyDefinition, survey: { name: string }): TEventInput[] {
  const r = row.respondent;
  const customer = r.customerId ? { id: r.customerId } : { email: r.email, externalId: r.externalId, anonymousId: r.anonymousId };
  const comment = def.questions.filter((q) => q.type === 'text' && typeof row.answers[q.id] === 'string').map((q) => String(row.answers[q.id])).join('\n\n');
  const base = {
    surveyId: row.surveyId,
    surveyName: survey.name,
    surveyVersion: row.surveyVersion,
    responseId: row.id,
    finished: row.status === 'finished',
    touchpoint: row.touchpoint,
    channel: row.channel,
    team: row.team,
    language: row.language,
    ...(comment ? { comment: comment.slice(0, 5000) } : {}),
    ...(Object.keys(row.hidden).length ? { hidden: row.hidden } : {}),
  };
  const occurredAt = (row.finishedAt ?? row.createdAt).toISOString();
  const common = { type: 'survey_response', customer, occurredAt, channel: row.channel.slice(0, 50), touchpoint: row.touchpoint };
  const scored = def.questions.filter((q) => METRICS.has(q.type) && typeof row.answers[q.id] === 'number');
  if (scored.length === 0) {
    return def.questions.some((q) => isAnswered(row.answers[q.id])) ? [{ ...common, id: `sr:${row.id}`, properties: base }] : [];
  }
  return scored.map((q) => {
    const score = row.answers[q.id] as number;
    const scale = 'scale' in q ? q.scale : { min: 0, max: 10 };
    return { ...common, id: `sr:${row.id}:${q.id}:${score}`, properties: { ...base, metric: q.type, score, questionId: q.id, scaleMin: scale.min, scaleMax: scale.max } };
  });
}

/** Hands one response's events to the customers domain and marks it synced (unless it changed meanwhile). */
export async function syncResponse(ctx: AppContext, row: ResponseRow): Promise<void> {
  const survey = await findSurvey(ctx.db, row.workspaceId, row.surveyId);
  if (!survey) return;
  const def = row.surveyVersion === survey.version ? survey.definition : ((await findVersion(ctx.db, row.workspaceId, row.surveyId, row.surveyVersion)) ?? survey.definition);
  const events = responseEvents(row, def, survey);
  let customerId: string | null = null;
  if (events.length) {
    const result = await ingestEvents(ctx, systemActor(row.workspaceId, 'surveys'), events);
    customerId = result.results.find((x) => x.customerId)?.customerId ?? null;
    const refused = result.results.find((x) => x.status === 'rejected');
    // A refused event (an erased person, an invalid e-mail) will be refused again: log and move on.
    if (refused) ctx.log.warn({ responseId: row.id, error: refused.error }, 'survey response not linked to a customer');
  }
  // Listeners run before the mark, so a failure leaves the response for the sweep to retry.
  await notifyResponseListeners(ctx, toSyncedResponse(row, def, survey, customerId));
  await markSynced(ctx.db, row.workspaceId, row.id, row.updatedAt, customerId);
}

/**
 * After commit, never failing the write: finished identified responses reach the profile at once;
 * partial ones wait for the sweep (the respondent may still be answering). A crash before the sync
 * leaves synced_at null, so the sweep picks the response up.
 */
export function syncResponseSoon(ctx: AppContext, responseId: string, workspaceId: string): void {
  void (async () => {
    const row = await findResponseById(ctx.db, workspaceId, responseId);
    if (!row || row.syncedAt || row.status !== 'finished') return;
    await syncResponse(ctx, row);
  })().catch((err: unknown) => ctx.log.warn({ err, responseId }, 'survey response sync failed; the sweep retries it'));
}

/** Syncs what the immediate path missed: finished responses after a minute, partial ones after 30 minutes. */
export async function sweepUnsynced(ctx: AppContext, limit = 500): Promise<number> {
  const rows = await findUnsynced(ctx.db, 60, 30 * 60, limit);
  for (const row of rows) {
    try {
      await syncResponse(ctx, row);
    } catch (err) {
      ctx.log.warn({ err, responseId: row.id }, 'survey response sync failed');
    }
  }
  return rows.length;
}

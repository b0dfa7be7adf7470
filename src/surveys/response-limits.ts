import type { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { sha256 } from '../platform/ids.js';
import { groupHolds, type Answers } from './answers.js';
import type { ZQuota } from './survey-settings.js';
import type { SurveyDefinition } from './surveys.schemas.js';
import { countFinished } from './surveys.queries.js';
import { finishedAnswers, forgetLimitCounts, lockSurveyLimits, readLimitCounts, writeLimitCounts } from './response-limits.queries.js';

/*
 * Response limits of a survey: closing after N finished responses (`settings.closing.maxResponses`)
 * and quotas (`settings.quotas`: at most `limit` finished responses matching a condition on answers
 * or hidden fields). Closing by date needs no count and is checked in `closedReason`.
 *
 * Surveys with a count limit leave the one-statement submit path: their submits run in a transaction
 * that takes the survey's advisory lock, reads the counts, refuses what would pass a limit and adds
 * the finishing response to the counts, then commits with the response. A 2xx still means committed.
 */

type TQuota = z.output<typeof ZQuota>;
type Survey = { workspaceId: string; id: string };
interface ResponseParts {
  answers: Answers;
  hidden: Record<string, string>;
}

const TOTAL = 'total';

export const hasCountLimits = (def: SurveyDefinition): boolean => def.settings.closing.maxResponses !== null || def.settings.quotas.length > 0;

/** A quota's count is keyed by its id and condition: a changed condition is counted afresh. */
export const quotaKey = (q: TQuota): string => `quota:${q.id}:${sha256(JSON.stringify(q.when)).slice(0, 12)}`;

/** Quota conditions may name hidden fields; their names never collide with question ids (definition rules). */
const quotaHolds = (q: TQuota, r: ResponseParts): boolean => groupHolds(q.when, { ...r.hidden, ...r.answers });

/** The counts, recounted from the finished responses when one is missing. Call under the limit lock. */
async function currentCounts(tx: Db, s: Survey, def: SurveyDefinition): Promise<Record<string, number>> {
  const stored = (await readLimitCounts(tx, s.workspaceId, s.id)) ?? {};
  const keys = [TOTAL, ...def.settings.quotas.map(quotaKey)];
  if (keys.every((k) => typeof stored[k] === 'number')) return stored;
  const rows = await finishedAnswers(tx, s.workspaceId, s.id);
  const counts: Record<string, number> = { [TOTAL]: rows.length };
  for (const q of def.settings.quotas) counts[quotaKey(q)] = rows.filter((r) => quotaHolds(q, r)).length;
  await writeLimitCounts(tx, s.workspaceId, s.id, counts);
  return counts;
}

const isFullCloser = (counts: Record<string, number>) => (q: TQuota) => q.action === 'close' && (counts[quotaKey(q)] ?? 0) >= q.limit;

export const surveyFull = () => new AppError('gone', 'The survey has all the responses it asked for.', { reason: 'full' });
export const quotaFull = (q: TQuota) =>
  new AppError('gone', 'The survey has all the answers it needs from respondents like you.', { reason: 'quota_full', quota: q.id });

/**
 * Enforces the count limits for one save of a response, inside the response's transaction:
 * a finishing response is refused once maxResponses are finished or a `close` quota is full, and any
 * save (partial ones too) whose answers or hidden fields match a full `end` quota is refused, so the
 * respondent is ended early. A finishing response that passes is added to the total and to every
 * quota it matches, in the same transaction as the response itself.
 */
export async function enforceLimits(tx: Db, s: Survey, def: SurveyDefinition, r: ResponseParts, isFinishing: boolean): Promise<void> {
  await lockSurveyLimits(tx, s.id);
  const counts = await currentCounts(tx, s, def);
  const max = def.settings.closing.maxResponses;
  if (def.settings.quotas.some(isFullCloser(counts))) throw surveyFull();
  if (isFinishing && max !== null && counts[TOTAL] >= max) throw surveyFull();
  const matched = def.settings.quotas.filter((q) => quotaHolds(q, r));
  const full = matched.find((q) => (counts[quotaKey(q)] ?? 0) >= q.limit);
  if (full) throw full.action === 'close' ? surveyFull() : quotaFull(full);
  if (!isFinishing) return;
  const next: Record<string, number> = { ...counts, [TOTAL]: counts[TOTAL] + 1 };
  for (const q of matched) next[quotaKey(q)] = (next[quotaKey(q)] ?? 0) + 1;
  await writeLimitCounts(tx, s.workspaceId, s.id, next);
}

/**
 * Whether the survey is full for new respondents, read without the lock (the page and the first
 * submit ask it; the locked check in `enforceLimits` is the one that decides).
 */
export async function isSurveyFull(db: Db, s: Survey, def: SurveyDefinition): Promise<boolean> {
  if (!hasCountLimits(def)) return false;
  const counts = await readLimitCounts(db, s.workspaceId, s.id);
  const max = def.settings.closing.maxResponses;
  const total = counts?.[TOTAL] ?? (max !== null ? await countFinished(db, s.workspaceId, s.id) : 0);
  return (max !== null && total >= max) || (counts !== undefined && def.settings.quotas.some(isFullCloser(counts)));
}

/** After responses were added outside the submit path (an import): the counts are recounted on next use. */
export async function recountLimitsLater(tx: Db, s: Survey): Promise<void> {
  await lockSurveyLimits(tx, s.id);
  await forgetLimitCounts(tx, s.workspaceId, s.id);
}

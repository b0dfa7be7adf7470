import { LRUCache } from 'lru-cache';
import type { AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId, randomToken, safeEqual, sha256 } from '../platform/ids.js';
import { validateAnswers, endingFor, type Answers } from './answers.js';
import { invitationResolver, type ResolvedInvitation } from './invitation-tokens.js';
import { syncResponseSoon } from './customer-sync.js';
import { enforceLimits, hasCountLimits, isSurveyFull } from './response-limits.js';
import {
  claimIdempotencyKey,
  findResponse,
  findResponseByInvitation,
  findSurveyPublic,
  findIdempotentReply,
  findVersion,
  insertResponse,
  insertResponseOncePerDevice,
  insertResponseWithKey,
  storeIdempotentReply,
  updateResponseRow,
  type NewResponseRow,
  type ResponseRow,
  type SurveyRow,
} from './surveys.queries.js';
import type { Respondent, ResponseMeta } from './surveys.tables.js';
import type { SurveyDefinition, TResponseAck, TResponseInput } from './surveys.schemas.js';
import type { z } from 'zod';
import type { ZResponsePatch } from './surveys.schemas.js';

/** A person needs at least this long to read and answer; faster finished submits from a page are bots. */
export const MIN_SECONDS_TO_ANSWER = 2;
export { textDirection as directionOf } from './respondent-strings/index.js';

/** The survey language for a wish: exact, then by base language ("pt-BR" → "pt"), else the default. */
export function pickLanguage(def: SurveyDefinition, wish: string | undefined): string {
  const fallback = def.defaultLanguage ?? def.languages[0];
  if (!wish) return fallback;
  if (def.languages.includes(wish)) return wish;
  const base = wish.split('-')[0].toLowerCase();
  return def.languages.find((l) => l.split('-')[0].toLowerCase() === base) ?? fallback;
}

/**
 * Published surveys by id or slug, kept one second: a burst of submits reads the survey once. Edits
 * in this process forget it at once; another process sees them within the second.
 */
const publicCache = new LRUCache<string, SurveyRow>({ max: 2000, ttl: 1000 });

export function forgetPublicSurvey(s: Pick<SurveyRow, 'id' | 'slug'>): void {
  publicCache.delete(s.id);
  publicCache.delete(s.slug);
}

/** A published (or closed) survey by id or slug; drafts do not exist publicly. */
export async function requirePublicSurvey(db: Db, idOrSlug: string): Promise<SurveyRow> {
  const s = publicCache.get(idOrSlug) ?? (await findSurveyPublic(db, idOrSlug));
  if (!s || s.status === 'draft') throw notFound('Survey');
  publicCache.set(idOrSlug, s);
  return s;
}

/** Why a survey takes no new responses now, or null while it is open. */
export async function closedReason(db: Db, s: SurveyRow): Promise<{ reason: 'closed' | 'full'; message: string } | null> {
  if (s.status === 'closed') return { reason: 'closed', message: 'The survey is closed.' };
  const { closesAt } = s.definition.settings.closing;
  if (closesAt && Date.parse(closesAt) <= Date.now()) return { reason: 'closed', message: 'The survey closed on its closing date.' };
  if (await isSurveyFull(db, s, s.definition)) return { reason: 'full', message: 'The survey has all the responses it asked for.' };
  return null;
}

export interface SubmitRequest {
  idempotencyKey?: string;
  userAgent?: string;
}

export interface SubmitOutcome {
  statusCode: number;
  body: TResponseAck;
  replayed: boolean;
}

const invalid = (errors: { path: string; message: string }[]) =>
  new AppError('validation_failed', `Invalid answers: ${errors.map((e) => e.message).join('; ')}`, { errors });

function ack(s: SurveyRow, def: SurveyDefinition, row: Pick<ResponseRow, 'id' | 'status' | 'answers' | 'language'>, secret: string): TResponseAck {
  const ending = row.status === 'finished' ? endingFor(def.endings, row.answers) : undefined;
  const lang = row.language;
  return {
    id: row.id,
    surveyId: s.id,
    status: row.status,
    secret,
    ending: ending ? { id: ending.id, title: ending.title[lang] ?? '', body: ending.body?.[lang] ?? null } : null,
  };
}

function respondentOf(input: TResponseInput, invitation: ResolvedInvitation | undefined): Respondent {
  const r: Respondent = {};
  const email = invitation?.email ?? input.customer?.email?.toLowerCase();
  if (email) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid([{ path: 'body.customer.email', message: 'customer.email must be an e-mail address' }]);
    r.email = email;
  }
  const externalId = invitation?.externalId ?? input.customer?.externalId;
  if (externalId) r.externalId = externalId;
  if (input.customer?.anonymousId) r.anonymousId = input.customer.anonymousId;
  if (invitation?.customerId) r.customerId = invitation.customerId;
  return r;
}

const isIdentified = (r: Respondent) => Boolean(r.customerId || r.email || r.externalId || r.anonymousId);

/**
 * Stores a response to a published survey. Answers are checked against their questions and the
 * branching; an invitation token is single use (a second submit updates its response); an
 * Idempotency-Key is claimed and its reply stored in the response's own transaction, so a 2xx means
 * committed and a retry — also after a crash — replays the reply instead of storing twice.
 */
export async function submitResponse(ctx: AppContext, idOrSlug: string, input: TResponseInput, req: SubmitRequest): Promise<SubmitOutcome> {
  const s = await requirePublicSurvey(ctx.db, idOrSlug);
  if (input.website) throw new AppError('validation_failed', 'The response was refused as spam.', { errors: [{ path: 'body.website', message: 'must be empty' }] });
  if (input.finished && input.elapsedSeconds !== undefined && input.elapsedSeconds < MIN_SECONDS_TO_ANSWER) {
    throw new AppError('validation_failed', 'The response came faster than a person answers; please try again.', { errors: [{ path: 'body.elapsedSeconds', message: 'too fast' }] });
  }
  const why = await closedReason(ctx.db, s);
  if (why) throw new AppError('gone', why.message, { reason: why.reason });
  const scope = `survey-response ${s.id}`;
  const requestHash = sha256(JSON.stringify(input));
  const secret = randomToken(32);

  const isDeviceLimited = Boolean(s.definition.settings.anonymous.onePerDevice && input.deviceKey && !input.token);
  const isCountLimited = hasCountLimits(s.definition);
  if (!input.token && !isDeviceLimited && !isCountLimited) {
    const result = await insertFresh(ctx, s, input, req, { scope, requestHash, secret });
    if (!result.replayed && result.identified) syncResponseSoon(ctx, result.body.id, s.workspaceId);
    return result;
  }

  const result = await ctx.db.transaction(async (tx): Promise<SubmitOutcome> => {
    if (req.idempotencyKey) {
      const claim = await claimIdempotencyKey(tx, scope, req.idempotencyKey, requestHash);
      if (!claim.claimed) {
        if (claim.hit?.requestHash !== requestHash) throw new AppError('validation_failed', 'This Idempotency-Key was already used with a different request body.');
        return { statusCode: claim.hit.statusCode, body: claim.hit.body as TResponseAck, replayed: true };
      }
    }
    let invitation: ResolvedInvitation | undefined;
    if (input.token) {
      invitation = await invitationResolver()?.resolve(tx, input.token);
      if (!invitation || invitation.workspaceId !== s.workspaceId || invitation.surveyId !== s.id) {
        throw new AppError('validation_failed', 'The invitation link is not valid for this survey (unknown, expired or revoked).', { errors: [{ path: 'body.token', message: 'is not a valid invitation' }] });
      }
    }
    const existing = invitation ? await findResponseByInvitation(tx, s.workspaceId, s.id, invitation.invitationId) : undefined;
    const def = existing && existing.surveyVersion !== s.version ? ((await findVersion(tx, s.workspaceId, s.id, existing.surveyVersion)) ?? s.definition) : s.definition;
    const finished = input.finished || existing?.status === 'finished';
    const { answers, errors } = validateAnswers(def.questions, existing?.answers ?? {}, input.answers, finished);
    if (errors.length) throw invalid(errors);
    const language = pickLanguage(def, input.language ?? existing?.language ?? invitation?.language);
    const hidden = { ...hiddenOf(def, input.hidden), ...(invitation?.hidden ?? {}) };
    const respondent = respondentOf(input, invitation);
    if (isCountLimited) {
      await enforceLimits(tx, s, s.definition, { answers, hidden: { ...existing?.hidden, ...hidden } }, finished && existing?.status !== 'finished');
    }
    const now = new Date();
    let row: ResponseRow | undefined;
    if (existing) {
      row = await updateResponseRow(tx, s.workspaceId, existing.id, {
        answers, language, hidden: { ...existing.hidden, ...hidden }, status: finished ? 'finished' : 'partial', secretHash: sha256(secret),
        finishedAt: existing.finishedAt ?? (finished ? now : null), syncedAt: null,
      });
    } else {
      row = await insertResponseOncePerDevice(tx, {
        workspaceId: s.workspaceId,
        id: newId(),
        surveyId: s.id,
        surveyVersion: s.version,
        status: finished ? 'finished' : 'partial',
        answers,
        hidden,
        language,
        touchpoint: input.touchpoint ?? s.touchpoint,
        channel: invitation?.channel ?? input.channel ?? s.channel,
        team: s.team,
        respondent,
        invitationId: invitation?.invitationId ?? null,
        deviceKey: isDeviceLimited ? sha256(input.deviceKey!) : null,
        secretHash: sha256(secret),
        meta: metaOf(input, req),
        // Anonymous answers have no profile to reach: nothing to sync.
        syncedAt: isIdentified(respondent) ? null : now,
        finishedAt: finished ? now : null,
      });
      if (!row) throw new AppError('conflict', 'This device has already answered this survey.');
    }
    if (invitation) await invitationResolver()?.onResponded?.(tx, invitation, { id: row.id, finished });
    const outcome = { statusCode: existing ? 200 : 201, body: ack(s, def, row, secret), replayed: false };
    if (req.idempotencyKey) await storeIdempotentReply(tx, scope, req.idempotencyKey, outcome.statusCode, outcome.body);
    return outcome;
  });
  if (!result.replayed) syncResponseSoon(ctx, result.body.id, s.workspaceId);
  return result;
}

/**
 * The common case — no invitation, no device limit — in one statement: the response, and with an
 * Idempotency-Key the key and its reply, commit together in one round trip (see insertResponseWithKey).
 */
async function insertFresh(
  ctx: AppContext,
  s: SurveyRow,
  input: TResponseInput,
  req: SubmitRequest,
  k: { scope: string; requestHash: string; secret: string },
): Promise<SubmitOutcome & { identified: boolean }> {
  const def = s.definition;
  const { answers, errors } = validateAnswers(def.questions, {}, input.answers, input.finished);
  if (errors.length) throw invalid(errors);
  const respondent = respondentOf(input, undefined);
  const now = new Date();
  const row: NewResponseRow = {
    workspaceId: s.workspaceId,
    id: newId(),
    surveyId: s.id,
    surveyVersion: s.version,
    status: input.finished ? 'finished' : 'partial',
    answers,
    hidden: hiddenOf(def, input.hidden),
    language: pickLanguage(def, input.language),
    touchpoint: input.touchpoint ?? s.touchpoint,
    channel: input.channel ?? s.channel,
    team: s.team,
    respondent,
    invitationId: null,
    deviceKey: null,
    secretHash: sha256(k.secret),
    meta: metaOf(input, req),
    syncedAt: isIdentified(respondent) ? null : now,
    finishedAt: input.finished ? now : null,
  };
  const body = ack(s, def, { id: row.id!, status: row.status, answers, language: row.language }, k.secret);
  const identified = isIdentified(respondent);
  if (!req.idempotencyKey) {
    await insertResponse(ctx.db, row);
    return { statusCode: 201, body, replayed: false, identified };
  }
  if (await insertResponseWithKey(ctx.db, row, { scope: k.scope, key: req.idempotencyKey, requestHash: k.requestHash, statusCode: 201, body })) {
    return { statusCode: 201, body, replayed: false, identified };
  }
  const hit = await findIdempotentReply(ctx.db, k.scope, req.idempotencyKey);
  if (!hit || hit.requestHash !== k.requestHash) throw new AppError('validation_failed', 'This Idempotency-Key was already used with a different request body.');
  return { statusCode: hit.statusCode, body: hit.body as TResponseAck, replayed: true, identified };
}

function metaOf(input: TResponseInput, req: SubmitRequest): ResponseMeta {
  return {
    userAgent: req.userAgent?.slice(0, 300),
    referrer: input.meta?.referrer,
    url: input.meta?.url,
    elapsedSeconds: input.elapsedSeconds,
    ...(input.source ? { source: input.source } : {}),
  };
}

/** Keeps only declared hidden fields, as text. */
function hiddenOf(def: SurveyDefinition, given: Record<string, string | number | boolean> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of def.hiddenFields) if (given?.[name] !== undefined) out[name] = String(given[name]);
  return out;
}

/**
 * Adds answers to a response; only the holder of the secret its POST returned may, and only while
 * it is partial. Answers are validated against the version the response started on.
 */
export async function continueResponse(ctx: AppContext, idOrSlug: string, responseId: string, patch: z.output<typeof ZResponsePatch>): Promise<TResponseAck> {
  const s = await requirePublicSurvey(ctx.db, idOrSlug);
  const body = await ctx.db.transaction(async (tx) => {
    const existing = await findResponse(tx, s.workspaceId, s.id, responseId, true);
    if (!existing || !safeEqual(existing.secretHash, sha256(patch.secret))) throw notFound('Response');
    if (existing.status === 'finished') throw new AppError('conflict', 'This response is already finished.');
    const def = existing.surveyVersion === s.version ? s.definition : ((await findVersion(tx, s.workspaceId, s.id, existing.surveyVersion)) ?? s.definition);
    const finished = patch.finished ?? false;
    const { answers, errors } = validateAnswers(def.questions, existing.answers, patch.answers, finished);
    if (errors.length) throw invalid(errors);
    if (hasCountLimits(s.definition)) await enforceLimits(tx, s, s.definition, { answers, hidden: existing.hidden }, finished);
    const row = await updateResponseRow(tx, s.workspaceId, existing.id, {
      answers: answers satisfies Answers,
      status: finished ? 'finished' : 'partial',
      finishedAt: finished ? new Date() : null,
      language: patch.language ? pickLanguage(def, patch.language) : existing.language,
      syncedAt: existing.syncedAt && !isIdentified(existing.respondent) ? existing.syncedAt : null,
    });
    return ack(s, def, row, patch.secret);
  });
  syncResponseSoon(ctx, body.id, s.workspaceId);
  return body;
}

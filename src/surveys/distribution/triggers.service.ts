import { LRUCache } from 'lru-cache';
import type { Actor, AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getCustomer } from '../../customers/customers.service.js';
import { getSurveyContacts } from '../../customers/survey-contacts.js';
import type { CommittedBatch } from '../../customers/event-listeners.js';
import { requireSurvey } from '../surveys.service.js';
import { findSurvey } from '../surveys.queries.js';
import { tokenHash, tokenMaker } from './invitation-resolver.js';
import { allHold } from './trigger-conditions.js';
import { sendDueInvitations } from './send-invitations.js';
import { deleteTriggerRow, findEnabledTriggers, findTrigger, insertInvitations, insertTrigger, insertWave, listTriggerRows, updateTriggerRow, type TriggerRow } from './distribution.queries.js';
import type { TTrigger } from './distribution.schemas.js';
import type { z } from 'zod';
import type { ZTriggerInput, ZTriggerPatch } from './distribution.schemas.js';
import { fireTriggerJob } from './distribution.jobs.js';

/** Events older than this (plus the delay) are history, not a touchpoint to survey now. */
const STALE_AFTER_MS = 2 * 86_400_000;

export const presentTrigger = (t: TriggerRow): TTrigger => ({
  id: t.id, surveyId: t.surveyId, waveId: t.waveId, name: t.name, eventType: t.eventType, delaySeconds: t.delaySeconds,
  eventConditions: t.eventConditions, profileConditions: t.profileConditions, isEnabled: t.isEnabled,
  createdBy: t.createdBy, createdAt: t.createdAt, updatedAt: t.updatedAt,
});

// Every ingested batch asks which triggers its workspace has; a few seconds of staleness is fine
// for another process's edits, and this process forgets at once on its own edits.
const cache = new LRUCache<string, TriggerRow[]>({ max: 5000, ttl: 5000 });

export async function listTriggers(ctx: AppContext, ws: string, surveyId: string) {
  await requireSurvey(ctx, ws, surveyId);
  return { data: (await listTriggerRows(ctx.db, ws, surveyId)).map(presentTrigger) };
}

/** Adds a trigger to a survey, with the standing wave its invitations are logged under; audited. */
export async function createTrigger(ctx: AppContext, actor: Actor, surveyId: string, input: z.output<typeof ZTriggerInput>): Promise<TTrigger> {
  const ws = actor.workspaceId;
  const survey = await requireSurvey(ctx, ws, surveyId);
  const t = await ctx.db.transaction(async (tx) => {
    const id = newId();
    const wave = await insertWave(tx, { workspaceId: ws, id: newId(), surveyId, kind: 'trigger', name: `${input.name} (${survey.name})`, audience: null, triggerId: id, status: 'sending', createdBy: actor.label });
    const row = await insertTrigger(tx, { workspaceId: ws, id, surveyId, waveId: wave.id, createdBy: actor.label, ...input });
    await recordAudit(tx, actor, { action: 'surveys.trigger.created', targetType: 'survey', targetId: surveyId, details: { triggerId: id, eventType: input.eventType, delaySeconds: input.delaySeconds } });
    return row;
  });
  cache.delete(ws);
  return presentTrigger(t);
}

export async function updateTrigger(ctx: AppContext, actor: Actor, surveyId: string, id: string, patch: z.output<typeof ZTriggerPatch>): Promise<TTrigger> {
  const ws = actor.workspaceId;
  await requireSurvey(ctx, ws, surveyId);
  const t = await ctx.db.transaction(async (tx) => {
    if (!(await findTrigger(tx, ws, surveyId, id))) throw notFound('Trigger');
    const row = await updateTriggerRow(tx, ws, id, patch);
    await recordAudit(tx, actor, { action: 'surveys.trigger.updated', targetType: 'survey', targetId: surveyId, details: { triggerId: id, ...patch } });
    return row;
  });
  cache.delete(ws);
  return presentTrigger(t);
}

export async function deleteTrigger(ctx: AppContext, actor: Actor, surveyId: string, id: string): Promise<void> {
  const ws = actor.workspaceId;
  await requireSurvey(ctx, ws, surveyId);
  await ctx.db.transaction(async (tx) => {
    if (!(await findTrigger(tx, ws, surveyId, id))) throw notFound('Trigger');
    await deleteTriggerRow(tx, ws, id);
    await recordAudit(tx, actor, { action: 'surveys.trigger.deleted', targetType: 'survey', targetId: surveyId, details: { triggerId: id } });
  });
  cache.delete(ws);
}

/**
 * The customers-domain event listener (registered in src/modules.ts): for each stored event that
 * an enabled trigger names and whose properties meet its conditions, schedules the send at
 * event time + delay. Imports and stale events are history and trigger nothing. Profile
 * conditions, consent and fatigue are checked when the send is due, not now.
 */
export async function onCustomerEvents(ctx: AppContext, batch: CommittedBatch): Promise<void> {
  if (batch.source !== 'api') return;
  let triggers = cache.get(batch.workspaceId);
  if (!triggers) cache.set(batch.workspaceId, (triggers = await findEnabledTriggers(ctx.db, batch.workspaceId)));
  if (triggers.length === 0) return;
  const now = Date.now();
  for (const e of batch.events) {
    for (const t of triggers) {
      if (t.eventType !== e.type || !allHold(t.eventConditions, e.properties)) continue;
      const due = e.occurredAt.getTime() + t.delaySeconds * 1000;
      if (due < now - STALE_AFTER_MS) continue;
      await ctx.jobs.send(fireTriggerJob, { workspaceId: batch.workspaceId, triggerId: t.id, customerId: e.customerId, eventId: e.eventId }, { startAfter: new Date(Math.max(due, now)) });
    }
  }
}

/**
 * A trigger's send, when its delay is over: the trigger still enabled, the survey published, the
 * profile meeting the trigger's conditions now; then one invitation in the trigger's wave (one
 * per event: a retried job sends nothing twice) goes through the same consent and fatigue checks
 * as any send. A customer without an e-mail is logged as skipped.
 */
export async function fireTrigger(ctx: AppContext, p: { workspaceId: string; triggerId: string; customerId: string; eventId: string }) {
  const ws = p.workspaceId;
  const t = await findTrigger(ctx.db, ws, undefined, p.triggerId);
  if (!t || !t.isEnabled) return { fired: false, why: 'trigger disabled or deleted' };
  const survey = await findSurvey(ctx.db, ws, t.surveyId);
  if (!survey || survey.status !== 'published') return { fired: false, why: 'survey not published' };
  const profile = await getCustomer(ctx.db, ws, p.customerId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  });
  if (!profile) return { fired: false, why: 'customer not found' };
  // Segments are matched by id or name: `{field: "segments", op: "contains", value: "<id or name>"}`.
  const subject = { ...profile, segments: profile.segments.flatMap((sg) => [sg.id, sg.name]) };
  if (!allHold(t.profileConditions, subject)) {
    ctx.log.info({ triggerId: t.id, customerId: profile.id }, 'trigger not sent: profile conditions not met');
    return { fired: false, why: 'profile conditions not met' };
  }
  const contact = (await getSurveyContacts(ctx.db, ws, [profile.id])).get(profile.id);
  const makeToken = await tokenMaker(ctx);
  const id = newId();
  const email = contact?.email?.toLowerCase() ?? '';
  // One clock for "due" and "claim": left to the database's now() (microseconds, taken at the
  // statement's start), send_after could lie after this process's millisecond clock read just
  // after, and the invitation would never be claimed (most often on a fast local PostgreSQL).
  const now = new Date();
  await insertInvitations(ctx.db, [{
    workspaceId: ws, id, surveyId: t.surveyId, waveId: t.waveId, customerId: profile.id, email, name: contact?.name ?? null,
    dedupeKey: `event:${p.eventId}`, tokenHash: tokenHash(makeToken(id)), sendAfter: now,
    ...(email ? { status: 'queued' as const } : { status: 'skipped' as const, reason: 'no_email: the profile has no e-mail address' }),
  }]);
  const sent = email ? await sendDueInvitations(ctx, ws, t.waveId, 50, now) : { sent: 0, skipped: 1 };
  return { fired: true, ...sent };
}

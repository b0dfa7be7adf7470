import type { Actor, AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { idCursor, pageOf } from '../../platform/http/cursor.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getSegment, listSegmentMembers } from '../../customers/segments/segments.service.js';
import { findCustomerIdsByEmail, getSurveyContacts } from '../../customers/survey-contacts.js';
import { requireSurvey } from '../surveys.service.js';
import { tokenHash, tokenMaker } from './invitation-resolver.js';
import { countByWave, findWave, insertInvitations, insertWave, listInvitationRows, listWaveRows, setWaveStatus, type InvitationRow, type NewInvitationRow, type WaveRow } from './distribution.queries.js';
import type { TInvitationQuery, TWave, TWaveInput } from './distribution.schemas.js';
import type { WaveAudience } from './distribution.tables.js';
import { expandWaveJob } from './distribution.jobs.js';

const EMPTY_STATS = { total: 0, queued: 0, sent: 0, failed: 0, bounced: 0, skipped: 0, opened: 0, responded: 0, finished: 0, reminded: 0, unsubscribed: 0 };
export const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((10000 * part) / whole) / 100 : null);

type Counts = typeof EMPTY_STATS;
export function presentWave(w: WaveRow, c: Counts = EMPTY_STATS): TWave {
  return {
    id: w.id, surveyId: w.surveyId, kind: w.kind, name: w.name, language: w.language, status: w.status,
    scheduledAt: w.scheduledAt, createdBy: w.createdBy, createdAt: w.createdAt,
    stats: { ...c, responseRate: rate(c.responded, c.sent) },
  };
}

function audienceOf(input: TWaveInput['audience']): WaveAudience {
  if ('segmentId' in input) return { type: 'segment', segmentId: input.segmentId };
  if ('customerIds' in input) return { type: 'customers', customerIds: [...new Set(input.customerIds)] };
  if ('customerId' in input) return { type: 'customers', customerIds: [input.customerId] };
  return { type: 'emails', recipients: input.recipients };
}

/**
 * Starts an e-mail wave of a published survey to a segment, customers or addresses, now or at
 * `scheduledAt`. The wave commits with its audit entry; a job then lists the recipients and sends
 * them at the workspace's rate, each checked against consent and fatigue at send time.
 */
export async function createWave(ctx: AppContext, actor: Actor, surveyId: string, input: TWaveInput): Promise<TWave> {
  const ws = actor.workspaceId;
  const survey = await requireSurvey(ctx, ws, surveyId);
  if (survey.status !== 'published') throw new AppError('conflict', 'Only a published survey can be sent; publish it first.');
  if (input.language && !survey.definition.languages.includes(input.language)) {
    throw new AppError('validation_failed', `The survey is not written in ${input.language}.`, { errors: [{ path: 'body.language', message: `must be one of ${survey.definition.languages.join(', ')}` }] });
  }
  if ('segmentId' in input.audience) await getSegment(ctx.db, ws, input.audience.segmentId);
  const scheduledAt = input.scheduledAt && Date.parse(input.scheduledAt) > Date.now() ? new Date(input.scheduledAt) : new Date();
  const wave = await ctx.db.transaction(async (tx) => {
    const w = await insertWave(tx, {
      workspaceId: ws, id: newId(), surveyId, kind: 'manual', name: input.name ?? `${survey.name} ${scheduledAt.toISOString().slice(0, 16).replace('T', ' ')}`,
      audience: audienceOf(input.audience), language: input.language ?? null, hidden: input.hidden ?? {}, message: input.message ?? {},
      status: 'scheduled', scheduledAt, createdBy: actor.label,
    });
    await recordAudit(tx, actor, { action: 'surveys.invitations.sent', targetType: 'survey', targetId: surveyId, details: { waveId: w.id, audience: Object.keys(input.audience)[0], scheduledAt } });
    return w;
  });
  await ctx.jobs.send(expandWaveJob, { workspaceId: ws, waveId: wave.id }, { startAfter: scheduledAt });
  return presentWave(wave);
}

type Draft = Pick<NewInvitationRow, 'customerId' | 'email' | 'name' | 'language' | 'hidden'> & { dedupeKey: string; status?: InvitationRow['status']; reason?: string };

/** Stores invitations for the drafts (a repeated key — the same address twice — is stored once). */
async function storeDrafts(ctx: AppContext, wave: WaveRow, drafts: Draft[], makeToken: (id: string) => string): Promise<void> {
  const rows: NewInvitationRow[] = drafts.map((d) => {
    const id = newId();
    return { workspaceId: wave.workspaceId, id, surveyId: wave.surveyId, waveId: wave.id, tokenHash: tokenHash(makeToken(id)), sendAfter: wave.scheduledAt, status: 'queued', ...d };
  });
  for (let i = 0; i < rows.length; i += 500) await insertInvitations(ctx.db, rows.slice(i, i + 500));
}

async function customerDrafts(ctx: AppContext, ws: string, ids: string[]): Promise<Draft[]> {
  const contacts = await getSurveyContacts(ctx.db, ws, ids);
  const merged = [...contacts.values()].flatMap((c) => (c.mergedInto ? [c.mergedInto] : []));
  const winners = await getSurveyContacts(ctx.db, ws, merged);
  return ids.map((id): Draft => {
    const found = contacts.get(id);
    const c = found?.mergedInto ? winners.get(found.mergedInto) : found;
    if (!c) return { customerId: null, email: '', dedupeKey: `customer:${id}`, status: 'skipped', reason: `unknown_customer: no customer ${id}` };
    if (!c.email) return { customerId: c.id, email: '', name: c.name, dedupeKey: `customer:${c.id}`, status: 'skipped', reason: 'no_email: the profile has no e-mail address' };
    return { customerId: c.id, email: c.email.toLowerCase(), name: c.name, language: null, dedupeKey: c.email.toLowerCase() };
  });
}

/** The wave's recipients as invitations (run by a job once the wave is due), then the first send. */
export async function expandWave(ctx: AppContext, workspaceId: string, waveId: string): Promise<{ invited: number }> {
  const wave = await findWave(ctx.db, workspaceId, waveId);
  if (!wave || wave.kind !== 'manual' || !wave.audience || (wave.status !== 'scheduled' && wave.status !== 'expanding')) return { invited: 0 };
  await setWaveStatus(ctx.db, workspaceId, waveId, 'expanding');
  const makeToken = await tokenMaker(ctx);
  const audience = wave.audience;
  let invited = 0;
  if (audience.type === 'segment') {
    for (let cursor: string | undefined, more = true; more; ) {
      const page = await listSegmentMembers(ctx.db, workspaceId, audience.segmentId, { cursor, limit: 1000 });
      await storeDrafts(ctx, wave, await customerDrafts(ctx, workspaceId, page.data.map((m) => m.id)), makeToken);
      invited += page.data.length;
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    }
  } else if (audience.type === 'customers') {
    for (let i = 0; i < audience.customerIds.length; i += 1000) {
      await storeDrafts(ctx, wave, await customerDrafts(ctx, workspaceId, audience.customerIds.slice(i, i + 1000)), makeToken);
    }
    invited = audience.customerIds.length;
  } else {
    const owners = await findCustomerIdsByEmail(ctx.db, workspaceId, audience.recipients.map((r) => r.email));
    await storeDrafts(ctx, wave, audience.recipients.map((r) => ({ customerId: owners.get(r.email) ?? null, email: r.email, name: r.name ?? null, language: r.language ?? null, hidden: r.hidden ?? {}, dedupeKey: r.email })), makeToken);
    invited = audience.recipients.length;
  }
  await setWaveStatus(ctx.db, workspaceId, waveId, 'sending');
  return { invited };
}

/** A survey's waves, newest first, each with its counts and response rate. */
export async function listWaves(ctx: AppContext, workspaceId: string, surveyId: string): Promise<{ data: TWave[] }> {
  await requireSurvey(ctx, workspaceId, surveyId);
  const [rows, counts] = await Promise.all([listWaveRows(ctx.db, workspaceId, surveyId), countByWave(ctx.db, workspaceId, surveyId)]);
  const byWave = new Map(counts.map(({ waveId, ...c }) => [waveId, c]));
  return { data: rows.map((w) => presentWave(w, byWave.get(w.id))) };
}

const CURSOR = 'survey-invitations:id';

export function presentInvitation(r: InvitationRow) {
  return {
    id: r.id, waveId: r.waveId, customerId: r.customerId, email: r.email, name: r.name, language: r.sentLanguage ?? r.language,
    status: r.status, reason: r.reason, sentAt: r.sentAt, openedAt: r.openedAt, respondedAt: r.respondedAt, responseId: r.responseId,
    isFinished: r.isFinished, remindersSent: r.remindersSent, lastRemindedAt: r.lastRemindedAt, failedAt: r.failedAt,
    unsubscribedAt: r.unsubscribedAt, sendAfter: r.sendAfter, createdAt: r.createdAt,
  };
}

/** The per-recipient log of a survey: sent, opened, responded, reminded, failed, skipped and why. */
export async function listInvitations(ctx: AppContext, workspaceId: string, surveyId: string, q: TInvitationQuery) {
  await requireSurvey(ctx, workspaceId, surveyId);
  const { cursor, limit, ...filter } = q;
  const rows = await listInvitationRows(ctx.db, workspaceId, surveyId, filter, limit + 1, idCursor.decode(CURSOR, cursor));
  const page = pageOf(rows, limit, (last) => idCursor.encode(CURSOR, last.id));
  return { data: page.data.map(presentInvitation), nextCursor: page.nextCursor };
}

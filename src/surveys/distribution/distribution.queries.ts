import { and, asc, desc, eq, gt, ilike, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import {
  surveyDistributionSettings,
  surveyInvitations,
  surveyInvitationWaves,
  surveyTriggers,
  surveyUnsubscribes,
  type InvitationStatus,
} from './distribution.tables.js';
import type { TInvitationQuery } from './distribution.schemas.js';
import { surveyResponses, surveys } from '../surveys.tables.js';

export type WaveRow = typeof surveyInvitationWaves.$inferSelect;
export type InvitationRow = typeof surveyInvitations.$inferSelect;
export type NewInvitationRow = typeof surveyInvitations.$inferInsert;
export type TriggerRow = typeof surveyTriggers.$inferSelect;

const inv = surveyInvitations;
const waves = surveyInvitationWaves;

export async function insertWave(db: Db, row: typeof waves.$inferInsert): Promise<WaveRow> {
  const [w] = await db.insert(waves).values(row).returning();
  return w;
}

/** Creates a standing wave under a fixed id unless it exists (two first sends at once create it once). */
export async function ensureWave(db: Db, row: typeof waves.$inferInsert): Promise<void> {
  await db.insert(waves).values(row).onConflictDoNothing();
}

/** The invitation a wave holds under a dedupe key (a transactional send's idempotency key). */
export async function findInvitationByKey(db: Db, ws: string, waveId: string, dedupeKey: string, lock = false): Promise<InvitationRow | undefined> {
  const q = db.select().from(inv).where(and(eq(inv.workspaceId, ws), eq(inv.waveId, waveId), eq(inv.dedupeKey, dedupeKey)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function findWave(db: Db, ws: string, id: string): Promise<WaveRow | undefined> {
  const [w] = await db.select().from(waves).where(and(eq(waves.workspaceId, ws), eq(waves.id, id)));
  return w;
}

export async function listWaveRows(db: Db, ws: string, surveyId: string): Promise<WaveRow[]> {
  return db.select().from(waves).where(and(eq(waves.workspaceId, ws), eq(waves.surveyId, surveyId))).orderBy(desc(waves.id)).limit(500);
}

export async function setWaveStatus(db: Db, ws: string, id: string, status: WaveRow['status']): Promise<void> {
  await db.update(waves).set({ status, updatedAt: new Date() }).where(and(eq(waves.workspaceId, ws), eq(waves.id, id)));
}

const count = (cond: SQL) => sql<number>`(count(*) filter (where ${cond}))::int`;

/** Per wave: how many invitations are in each state, in one scan of the survey's invitations. */
export async function countByWave(db: Db, ws: string, surveyId: string) {
  return db
    .select({
      waveId: inv.waveId,
      total: sql<number>`count(*)::int`,
      queued: count(sql`${inv.status} in ('queued', 'sending')`),
      sent: count(sql`${inv.status} in ('sent', 'kept')`),
      failed: count(sql`${inv.status} = 'failed'`),
      bounced: count(sql`${inv.status} = 'bounced'`),
      skipped: count(sql`${inv.status} = 'skipped'`),
      opened: count(sql`${inv.openedAt} is not null`),
      responded: count(sql`${inv.respondedAt} is not null`),
      finished: count(sql`${inv.isFinished}`),
      reminded: count(sql`${inv.remindersSent} > 0`),
      unsubscribed: count(sql`${inv.unsubscribedAt} is not null`),
    })
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.surveyId, surveyId)))
    .groupBy(inv.waveId);
}

/** Inserts invitations; a repeat of a wave's key (same e-mail, same trigger event) is left out. Returns the ids stored. */
export async function insertInvitations(db: Db, rows: NewInvitationRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await db.insert(inv).values(rows).onConflictDoNothing().returning({ id: inv.id });
  return out.map((r) => r.id);
}

/** Queued invitations of a wave that may go now, locked for this sender (another sender skips them). */
export async function claimDueInvitations(tx: Db, ws: string, waveId: string, limit: number, now: Date): Promise<InvitationRow[]> {
  return tx
    .select()
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.waveId, waveId), eq(inv.status, 'queued'), lte(inv.sendAfter, now)))
    .orderBy(asc(inv.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function countQueued(db: Db, ws: string, waveId: string): Promise<{ due: number; later: Date | null }> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int`, later: sql<string | null>`min(${inv.sendAfter})` })
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.waveId, waveId), eq(inv.status, 'queued')));
  return { due: r.n, later: r.later ? new Date(r.later) : null };
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [r] = await db.select().from(inv).where(eq(inv.tokenHash, tokenHash));
  return r;
}

export async function findInvitation(db: Db, ws: string, id: string): Promise<InvitationRow | undefined> {
  const [r] = await db.select().from(inv).where(and(eq(inv.workspaceId, ws), eq(inv.id, id)));
  return r;
}

export async function findInvitationByOutbox(db: Db, ws: string, outboxId: string): Promise<InvitationRow | undefined> {
  const [r] = await db.select().from(inv).where(and(eq(inv.workspaceId, ws), eq(inv.outboxId, outboxId)));
  return r;
}

export async function updateInvitation(db: Db, ws: string, id: string, patch: Partial<NewInvitationRow>): Promise<void> {
  await db.update(inv).set({ ...patch, updatedAt: new Date() }).where(and(eq(inv.workspaceId, ws), eq(inv.id, id)));
}

export async function markOpened(db: Db, tokenHash: string): Promise<void> {
  await db.update(inv).set({ openedAt: sql`now()` }).where(and(eq(inv.tokenHash, tokenHash), isNull(inv.openedAt)));
}

export async function markResponded(db: Db, ws: string, id: string, responseId: string, isFinished: boolean): Promise<void> {
  await db
    .update(inv)
    .set({ respondedAt: sql`coalesce(${inv.respondedAt}, now())`, openedAt: sql`coalesce(${inv.openedAt}, now())`, responseId, isFinished: sql`${inv.isFinished} or ${isFinished}`, updatedAt: new Date() })
    .where(and(eq(inv.workspaceId, ws), eq(inv.id, id)));
}

const FILTERS: Record<NonNullable<TInvitationQuery['status']>, SQL> = {
  queued: sql`${inv.status} in ('queued', 'sending')`,
  sent: sql`${inv.status} in ('sent', 'kept')`,
  failed: sql`${inv.status} = 'failed'`,
  bounced: sql`${inv.status} = 'bounced'`,
  skipped: sql`${inv.status} = 'skipped'`,
  opened: sql`${inv.openedAt} is not null`,
  responded: sql`${inv.respondedAt} is not null`,
  not_responded: sql`${inv.respondedAt} is null and ${inv.status} in ('sent', 'kept')`,
  reminded: sql`${inv.remindersSent} > 0`,
  unsubscribed: sql`${inv.unsubscribedAt} is not null`,
};

/** The per-recipient log, newest first (ids are time-ordered), a page at a time. */
export async function listInvitationRows(db: Db, ws: string, surveyId: string, f: Omit<TInvitationQuery, 'cursor' | 'limit'>, limit: number, before?: string) {
  return db
    .select()
    .from(inv)
    .where(
      and(
        eq(inv.workspaceId, ws),
        eq(inv.surveyId, surveyId),
        f.waveId ? eq(inv.waveId, f.waveId) : undefined,
        f.status ? FILTERS[f.status] : undefined,
        f.q ? ilike(inv.email, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        before ? lt(inv.id, before) : undefined,
      ),
    )
    .orderBy(desc(inv.id))
    .limit(limit);
}

/** The latest invitation sent to this address (any survey), other than `exceptId`. */
export async function lastSentTo(db: Db, ws: string, email: string, exceptId?: string): Promise<Date | null> {
  const [r] = await db
    .select({ at: sql<string | null>`max(${inv.sentAt})` })
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.email, email), isNotNull(inv.sentAt), exceptId ? sql`${inv.id} <> ${exceptId}` : undefined));
  return r?.at ? new Date(r.at) : null;
}

export async function findUnsubscribe(db: Db, ws: string, email: string) {
  const [r] = await db.select().from(surveyUnsubscribes).where(and(eq(surveyUnsubscribes.workspaceId, ws), eq(surveyUnsubscribes.email, email)));
  return r;
}

export async function insertUnsubscribe(db: Db, row: typeof surveyUnsubscribes.$inferInsert): Promise<void> {
  await db.insert(surveyUnsubscribes).values(row).onConflictDoNothing();
}

export async function markUnsubscribed(db: Db, ws: string, email: string): Promise<void> {
  await db.update(inv).set({ unsubscribedAt: sql`coalesce(${inv.unsubscribedAt}, now())` }).where(and(eq(inv.workspaceId, ws), eq(inv.email, email), isNotNull(inv.sentAt)));
}

export async function findSettingsRow(db: Db, ws: string) {
  const [r] = await db.select().from(surveyDistributionSettings).where(eq(surveyDistributionSettings.workspaceId, ws));
  return r;
}

export async function upsertSettingsRow(db: Db, row: typeof surveyDistributionSettings.$inferInsert): Promise<void> {
  await db
    .insert(surveyDistributionSettings)
    .values(row)
    .onConflictDoUpdate({ target: surveyDistributionSettings.workspaceId, set: { ...row, updatedAt: new Date() } });
}

/** Invitations of a survey due a reminder: delivered, not answered, fewer than `max` reminders, the last mail `afterDays` ago. */
export async function findDueReminders(db: Db, ws: string, surveyId: string, r: { afterDays: number; max: number }, now: Date, limit: number): Promise<InvitationRow[]> {
  const cutoff = new Date(now.getTime() - r.afterDays * 86_400_000);
  return db
    .select()
    .from(inv)
    .where(
      and(
        eq(inv.workspaceId, ws),
        eq(inv.surveyId, surveyId),
        inArray(inv.status, ['sent', 'kept'] satisfies InvitationStatus[]),
        // A link handed over in a chat has no address to remind.
        sql`${inv.email} <> ''`,
        isNull(inv.respondedAt),
        isNull(inv.unsubscribedAt),
        lt(inv.remindersSent, r.max),
        or(and(isNull(inv.lastRemindedAt), lte(inv.sentAt, cutoff)), lte(inv.lastRemindedAt, cutoff)),
      ),
    )
    .orderBy(asc(inv.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function insertTrigger(db: Db, row: typeof surveyTriggers.$inferInsert): Promise<TriggerRow> {
  const [t] = await db.insert(surveyTriggers).values(row).returning();
  return t;
}

export async function findTrigger(db: Db, ws: string, surveyId: string | undefined, id: string): Promise<TriggerRow | undefined> {
  const [t] = await db
    .select()
    .from(surveyTriggers)
    .where(and(eq(surveyTriggers.workspaceId, ws), eq(surveyTriggers.id, id), surveyId ? eq(surveyTriggers.surveyId, surveyId) : undefined));
  return t;
}

export async function listTriggerRows(db: Db, ws: string, surveyId: string): Promise<TriggerRow[]> {
  return db.select().from(surveyTriggers).where(and(eq(surveyTriggers.workspaceId, ws), eq(surveyTriggers.surveyId, surveyId))).orderBy(asc(surveyTriggers.id));
}

export async function updateTriggerRow(db: Db, ws: string, id: string, patch: Partial<typeof surveyTriggers.$inferInsert>): Promise<TriggerRow> {
  const [t] = await db.update(surveyTriggers).set({ ...patch, updatedAt: new Date() }).where(and(eq(surveyTriggers.workspaceId, ws), eq(surveyTriggers.id, id))).returning();
  return t;
}

export async function deleteTriggerRow(db: Db, ws: string, id: string): Promise<void> {
  await db.delete(surveyTriggers).where(and(eq(surveyTriggers.workspaceId, ws), eq(surveyTriggers.id, id)));
}

/** Every enabled trigger of a workspace (few; cached by the listener). */
export async function findEnabledTriggers(db: Db, ws: string): Promise<TriggerRow[]> {
  return db.select().from(surveyTriggers).where(and(eq(surveyTriggers.workspaceId, ws), eq(surveyTriggers.isEnabled, true)));
}

/** Invitations answered and delivered per wave and responses per channel, for response rates. */
export async function responseRateCounts(db: Db, ws: string, surveyId: string) {
  return db
    .select({
      waveId: inv.waveId,
      delivered: count(sql`${inv.status} in ('sent', 'kept')`),
      responded: count(sql`${inv.status} in ('sent', 'kept') and ${inv.respondedAt} is not null`),
    })
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.surveyId, surveyId), gt(inv.createdAt, new Date(0))))
    .groupBy(inv.waveId);
}

/** Published surveys whose settings ask for reminders (all workspaces, or one). */
export async function findSurveysWithReminders(db: Db, ws?: string) {
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.status, 'published'), sql`(${surveys.definition} -> 'settings' -> 'reminders' ->> 'enabled') = 'true'`, ws ? eq(surveys.workspaceId, ws) : undefined));
}

/** The latest invitation mailed to an address in the workspace (any survey). */
export async function findLatestSentTo(db: Db, ws: string, email: string): Promise<InvitationRow | undefined> {
  const [r] = await db
    .select()
    .from(inv)
    .where(and(eq(inv.workspaceId, ws), eq(inv.email, email), isNotNull(inv.sentAt)))
    .orderBy(desc(inv.sentAt))
    .limit(1);
  return r;
}

/** Responses of a survey per channel (all statuses). */
export async function responsesByChannel(db: Db, ws: string, surveyId: string) {
  const r = surveyResponses;
  return db
    .select({ channel: r.channel, responses: sql<number>`count(*)::int`, finished: sql<number>`(count(*) filter (where ${r.status} = 'finished'))::int` })
    .from(r)
    .where(and(eq(r.workspaceId, ws), eq(r.surveyId, surveyId)))
    .groupBy(r.channel);
}

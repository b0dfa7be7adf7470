import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { conversations } from '../inbox.tables.js';
import { conversationSla, inboxNotifications, inboxServiceHours, slaPolicies } from './routing.tables.js';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type ServiceHoursRow = typeof inboxServiceHours.$inferSelect;
export type SlaRow = typeof conversationSla.$inferSelect;
export type NotificationRow = typeof inboxNotifications.$inferSelect;

export async function findServiceHours(db: Db, ws: string): Promise<ServiceHoursRow | undefined> {
  const [row] = await db.select().from(inboxServiceHours).where(eq(inboxServiceHours.workspaceId, ws));
  return row;
}

export async function upsertServiceHours(tx: Db, row: typeof inboxServiceHours.$inferInsert): Promise<void> {
  const { workspaceId: _w, ...set } = row;
  await tx.insert(inboxServiceHours).values(row).onConflictDoUpdate({ target: inboxServiceHours.workspaceId, set: { ...set, updatedAt: sql`now()` } });
}

export async function findSlaPolicies(db: Db, ws: string): Promise<SlaPolicyRow[]> {
  return db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, ws)).orderBy(asc(slaPolicies.id));
}

export async function insertSlaPolicy(tx: Db, row: typeof slaPolicies.$inferInsert): Promise<void> {
  await tx.insert(slaPolicies).values(row);
}

export async function deleteSlaPolicyRow(tx: Db, ws: string, id: string): Promise<boolean> {
  return (await tx.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, ws), eq(slaPolicies.id, id))).returning({ id: slaPolicies.id })).length > 0;
}

/** Starts a conversation's SLA clock once: a second start (a redelivered or later message) finds it set. */
export async function insertSla(tx: Db, row: typeof conversationSla.$inferInsert): Promise<boolean> {
  return (await tx.insert(conversationSla).values(row).onConflictDoNothing().returning({ id: conversationSla.conversationId })).length > 0;
}

/** New targets for a running clock (a priority change); when warnings and breaches were raised is kept. */
export async function retimeSla(tx: Db, ws: string, conversationId: string, set: { policyId: string | null; firstResponseDueAt: Date; resolutionDueAt: Date }): Promise<void> {
  await tx.update(conversationSla).set(set).where(and(eq(conversationSla.workspaceId, ws), eq(conversationSla.conversationId, conversationId)));
}

export async function findSlas(db: Db, ws: string, conversationIds: string[]): Promise<SlaRow[]> {
  if (conversationIds.length === 0) return [];
  return db.select().from(conversationSla).where(and(eq(conversationSla.workspaceId, ws), inArray(conversationSla.conversationId, conversationIds)));
}

/** A clock that needs a warning or a breach alert now, with the state of its conversation. */
export interface DueClock {
  workspaceId: string;
  conversationId: string;
  subject: string;
  assigneeId: string | null;
  target: 'first_response' | 'resolution';
  dueAt: Date;
  warned: boolean;
  breached: boolean;
  warnBeforeMinutes: number;
}

/**
 * Clocks, in every workspace, whose target is unmet and whose warning time (due − the workspace's lead
 * time) or due time has passed without the matching notification being raised. Snoozed conversations still
 * count: the customer is waiting all the same.
 */
export async function findDueClocks(db: Db, now: Date, limit: number): Promise<DueClock[]> {
  const s = conversationSla;
  const c = conversations;
  const lead = sql`make_interval(mins => coalesce(${inboxServiceHours.warnBeforeMinutes}, 60))`;
  const at = sql`${now.toISOString()}::timestamptz`;
  const base = db
    .select({
      workspaceId: s.workspaceId,
      conversationId: s.conversationId,
      subject: c.subject,
      assigneeId: c.assigneeId,
      firstDue: s.firstResponseDueAt,
      resDue: s.resolutionDueAt,
      firstWarned: s.firstResponseWarnedAt,
      firstBreached: s.firstResponseBreachedAt,
      resWarned: s.resolutionWarnedAt,
      resBreached: s.resolutionBreachedAt,
      firstResponseAt: c.firstResponseAt,
      resolvedAt: c.resolvedAt,
      warnBeforeMinutes: sql<number>`coalesce(${inboxServiceHours.warnBeforeMinutes}, 60)`,
    })
    .from(s)
    .innerJoin(c, and(eq(c.workspaceId, s.workspaceId), eq(c.id, s.conversationId)))
    .leftJoin(inboxServiceHours, eq(inboxServiceHours.workspaceId, s.workspaceId))
    .where(
      or(
        and(isNull(c.firstResponseAt), isNull(c.resolvedAt), or(and(isNull(s.firstResponseWarnedAt), lte(sql`${s.firstResponseDueAt} - ${lead}`, at)), and(isNull(s.firstResponseBreachedAt), lte(s.firstResponseDueAt, at)))),
        and(isNull(c.resolvedAt), or(and(isNull(s.resolutionWarnedAt), lte(sql`${s.resolutionDueAt} - ${lead}`, at)), and(isNull(s.resolutionBreachedAt), lte(s.resolutionDueAt, at)))),
      ),
    )
    .limit(limit);
  const out: DueClock[] = [];
  for (const r of await base) {
    const common = { workspaceId: r.workspaceId, conversationId: r.conversationId, subject: r.subject, assigneeId: r.assigneeId, warnBeforeMinutes: r.warnBeforeMinutes };
    if (r.firstDue && !r.firstResponseAt && !r.resolvedAt) out.push({ ...common, target: 'first_response', dueAt: r.firstDue, warned: !!r.firstWarned, breached: !!r.firstBreached });
    if (r.resDue && !r.resolvedAt) out.push({ ...common, target: 'resolution', dueAt: r.resDue, warned: !!r.resWarned, breached: !!r.resBreached });
  }
  return out;
}

/** Records a notification once per conversation, kind and target; false when it was raised before. */
export async function insertNotification(tx: Db, row: typeof inboxNotifications.$inferInsert): Promise<boolean> {
  return (await tx.insert(inboxNotifications).values(row).onConflictDoNothing().returning({ id: inboxNotifications.id })).length > 0;
}

export async function stampClock(tx: Db, ws: string, conversationId: string, column: 'firstResponseWarnedAt' | 'firstResponseBreachedAt' | 'resolutionWarnedAt' | 'resolutionBreachedAt', at: Date): Promise<void> {
  await tx.update(conversationSla).set({ [column]: at }).where(and(eq(conversationSla.workspaceId, ws), eq(conversationSla.conversationId, conversationId)));
}

export async function findNotifications(db: Db, ws: string, userId: string | null, unread: boolean | undefined, limit: number): Promise<NotificationRow[]> {
  const n = inboxNotifications;
  return db
    .select()
    .from(n)
    .where(and(eq(n.workspaceId, ws), userId ? or(eq(n.userId, userId), isNull(n.userId)) : undefined, unread === true ? isNull(n.readAt) : unread === false ? sql`${n.readAt} is not null` : undefined))
    .orderBy(sql`${n.createdAt} desc`, sql`${n.id} desc`)
    .limit(limit);
}

export async function markNotificationRead(tx: Db, ws: string, id: string): Promise<boolean> {
  const n = inboxNotifications;
  return (await tx.update(n).set({ readAt: sql`coalesce(${n.readAt}, now())` }).where(and(eq(n.workspaceId, ws), eq(n.id, id))).returning({ id: n.id })).length > 0;
}

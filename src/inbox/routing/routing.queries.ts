import { and, asc, eq, gt, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { conversations, inboxMessages } from '../inbox.tables.js';
import { conversationSignals, inboxRoutingQueue, inboxRules, inboxTeamMembers, inboxTeams } from './routing.tables.js';

/** A bound text[] parameter (drizzle would spread a JS array into a list). */
const textArray = (xs: string[]) => sql`ARRAY[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

export type RuleRow = typeof inboxRules.$inferSelect;
export type NewRule = typeof inboxRules.$inferInsert;

export async function findRules(db: Db, ws: string, opts: { enabledOnly?: boolean } = {}): Promise<RuleRow[]> {
  return db
    .select()
    .from(inboxRules)
    .where(and(eq(inboxRules.workspaceId, ws), opts.enabledOnly ? eq(inboxRules.enabled, true) : undefined))
    .orderBy(asc(inboxRules.position), asc(inboxRules.id));
}

export async function findRule(db: Db, ws: string, id: string): Promise<RuleRow | undefined> {
  const [row] = await db.select().from(inboxRules).where(and(eq(inboxRules.workspaceId, ws), eq(inboxRules.id, id)));
  return row;
}

export async function insertRule(tx: Db, row: NewRule): Promise<void> {
  await tx.insert(inboxRules).values(row);
}

export async function updateRuleRow(tx: Db, ws: string, id: string, set: Partial<NewRule>): Promise<void> {
  await tx.update(inboxRules).set({ ...set, updatedAt: sql`now()` }).where(and(eq(inboxRules.workspaceId, ws), eq(inboxRules.id, id)));
}

export async function deleteRuleRow(tx: Db, ws: string, id: string): Promise<boolean> {
  const rows = await tx.delete(inboxRules).where(and(eq(inboxRules.workspaceId, ws), eq(inboxRules.id, id))).returning({ id: inboxRules.id });
  return rows.length > 0;
}

export type NewSignal = typeof conversationSignals.$inferInsert;

export async function insertSignals(tx: Db, rows: NewSignal[]): Promise<void> {
  if (rows.length) await tx.insert(conversationSignals).values(rows).onConflictDoNothing();
}

/**
 * Negative messages of the last hour like this one: sharing a theme, or (for a text without a theme) on
 * the same channel. The message itself is stored first, so it counts.
 */
export async function countSimilarLastHour(db: Db, ws: string, themes: string[], channel: string, notYet: string[] = []): Promise<number> {
  const s = conversationSignals;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(s)
    .where(
      and(
        eq(s.workspaceId, ws),
        gt(s.createdAt, sql`now() - interval '1 hour'`),
        eq(s.sentiment, 'negative'),
        themes.length ? sql`${s.themes} && ${textArray(themes)}` : eq(s.channel, channel),
        // Later messages of the same routing batch are stored already but had not arrived yet for this one.
        notYet.length ? notInArray(s.messageId, notYet) : undefined,
      ),
    );
  return row?.n ?? 0;
}

export type TeamRow = typeof inboxTeams.$inferSelect;
export type TeamMemberRow = typeof inboxTeamMembers.$inferSelect;

export async function findTeams(db: Db, ws: string): Promise<TeamRow[]> {
  return db.select().from(inboxTeams).where(eq(inboxTeams.workspaceId, ws)).orderBy(asc(inboxTeams.name));
}

export async function findTeam(db: Db, ws: string, name: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(inboxTeams).where(and(eq(inboxTeams.workspaceId, ws), eq(inboxTeams.name, name)));
  return row;
}

export async function findTeamMembers(db: Db, ws: string, teams: string[]): Promise<TeamMemberRow[]> {
  if (teams.length === 0) return [];
  return db
    .select()
    .from(inboxTeamMembers)
    .where(and(eq(inboxTeamMembers.workspaceId, ws), inArray(inboxTeamMembers.team, teams)))
    .orderBy(asc(inboxTeamMembers.team), asc(inboxTeamMembers.userId));
}

/** Replaces a team's strategy and members; members kept keep their round-robin position. */
export async function upsertTeam(tx: Db, ws: string, name: string, strategy: TeamRow['strategy'], members: { userId: string; available: boolean }[]): Promise<void> {
  await tx.insert(inboxTeams).values({ workspaceId: ws, name, strategy }).onConflictDoUpdate({ target: [inboxTeams.workspaceId, inboxTeams.name], set: { strategy } });
  const keep = members.map((m) => m.userId);
  await tx
    .delete(inboxTeamMembers)
    .where(and(eq(inboxTeamMembers.workspaceId, ws), eq(inboxTeamMembers.team, name), keep.length ? notInArray(inboxTeamMembers.userId, keep) : undefined));
  for (const m of members) {
    await tx
      .insert(inboxTeamMembers)
      .values({ workspaceId: ws, team: name, userId: m.userId, isAvailable: m.available })
      .onConflictDoUpdate({ target: [inboxTeamMembers.workspaceId, inboxTeamMembers.team, inboxTeamMembers.userId], set: { isAvailable: m.available } });
  }
}

export async function setAvailability(tx: Db, ws: string, team: string, userId: string, available: boolean): Promise<boolean> {
  const rows = await tx
    .update(inboxTeamMembers)
    .set({ isAvailable: available })
    .where(and(eq(inboxTeamMembers.workspaceId, ws), eq(inboxTeamMembers.team, team), eq(inboxTeamMembers.userId, userId)))
    .returning({ userId: inboxTeamMembers.userId });
  return rows.length > 0;
}

/** Open and pending conversations per agent: the load that load-based assignment balances. */
export async function countOpenByAssignee(db: Db, ws: string, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: conversations.assigneeId, n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), inArray(conversations.assigneeId, userIds), inArray(conversations.status, ['open', 'pending'])))
    .groupBy(conversations.assigneeId);
  return new Map(rows.map((r) => [r.userId!, r.n]));
}

/**
 * Serialises assignment within one team for the rest of the transaction. The choice reads state no row
 * lock covers (other agents' open counts, who was picked last), so two arrivals choosing at once would
 * both see the same "next" agent; a transaction-scoped advisory lock per team makes the second wait for
 * the first's commit and see its pick. Teams do not block each other.
 */
export async function lockTeamForAssignment(tx: Db, ws: string, team: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kunde:assign:${ws}:${team}`}::text, 0))`);
}

export async function markAssigned(tx: Db, ws: string, team: string, userId: string): Promise<void> {
  await tx
    .update(inboxTeamMembers)
    // clock_timestamp, not now(): transactions serialised by the team lock may have started in any order.
    .set({ lastAssignedAt: sql`clock_timestamp()`, assignedCount: sql`${inboxTeamMembers.assignedCount} + 1` })
    .where(and(eq(inboxTeamMembers.workspaceId, ws), eq(inboxTeamMembers.team, team), eq(inboxTeamMembers.userId, userId)));
}

/** Queues newly stored inbound messages for routing, in the transaction that stores them. */
export async function enqueueRouting(tx: Db, ws: string, messageIds: string[]): Promise<void> {
  if (messageIds.length) await tx.insert(inboxRoutingQueue).values(messageIds.map((messageId) => ({ workspaceId: ws, messageId }))).onConflictDoNothing();
}

export interface PendingMessage {
  messageId: string;
  conversationId: string;
  channel: string;
  subject: string;
  text: string;
  language: string | null;
  customerId: string | null;
  sentAt: Date;
  arrivedAt: Date;
}

/** The oldest queued messages of a workspace with what routing reads of them and their conversations. */
export async function findPendingRouting(db: Db, ws: string, limit: number): Promise<{ queued: string[]; messages: PendingMessage[] }> {
  const q = inboxRoutingQueue;
  const m = inboxMessages;
  const c = conversations;
  // Two index lookups rather than one join: the queue is read by its (workspace, age) index alone.
  const queued = await db.select({ id: q.messageId, arrivedAt: q.createdAt }).from(q).where(eq(q.workspaceId, ws)).orderBy(asc(q.createdAt), asc(q.messageId)).limit(limit);
  if (queued.length === 0) return { queued: [], messages: [] };
  const rows = await db
    .select({ messageId: m.id, conversationId: m.conversationId, channel: c.channel, subject: c.subject, text: m.text, language: c.language, customerId: c.customerId, sentAt: m.sentAt })
    .from(m)
    .innerJoin(c, and(eq(c.workspaceId, m.workspaceId), eq(c.id, m.conversationId)))
    .where(and(eq(m.workspaceId, ws), inArray(m.id, queued.map((r) => r.id))));
  const byId = new Map(rows.map((r) => [r.messageId, r]));
  // A queued message deleted meanwhile has nothing left to route; it still leaves the queue.
  return { queued: queued.map((r) => r.id), messages: queued.flatMap((r) => (byId.has(r.id) ? [{ ...byId.get(r.id)!, arrivedAt: r.arrivedAt }] : [])) };
}

export async function deleteRouted(db: Db, ws: string, messageIds: string[]): Promise<void> {
  if (messageIds.length) await db.delete(inboxRoutingQueue).where(and(eq(inboxRoutingQueue.workspaceId, ws), inArray(inboxRoutingQueue.messageId, messageIds)));
}

/** Counts a failed run on the oldest queued messages; those failed `maxAttempts` times are dropped and returned. */
export async function failRouting(db: Db, ws: string, messageIds: string[], maxAttempts: number): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const q = inboxRoutingQueue;
  await db.update(q).set({ attempts: sql`${q.attempts} + 1` }).where(and(eq(q.workspaceId, ws), inArray(q.messageId, messageIds)));
  const dropped = await db.delete(q).where(and(eq(q.workspaceId, ws), inArray(q.messageId, messageIds), gte(q.attempts, maxAttempts))).returning({ id: q.messageId });
  return dropped.map((r) => r.id);
}

/** Workspaces with messages queued for routing longer than `olderThanSeconds` (their process stopped before routing them). */
export async function findStaleRoutingWorkspaces(db: Db, olderThanSeconds: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ ws: inboxRoutingQueue.workspaceId })
    .from(inboxRoutingQueue)
    .where(lt(inboxRoutingQueue.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`));
  return rows.map((r) => r.ws);
}

/** Messages still waiting for routing in a workspace (tests and the bench wait for none). */
export async function countPendingRouting(db: Db, ws: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inboxRoutingQueue).where(eq(inboxRoutingQueue.workspaceId, ws));
  return row?.n ?? 0;
}

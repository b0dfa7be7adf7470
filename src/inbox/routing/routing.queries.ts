import { and, asc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { conversations } from '../inbox.tables.js';
import { conversationSignals, inboxRules, inboxTeamMembers, inboxTeams } from './routing.tables.js';

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
export async function countSimilarLastHour(db: Db, ws: string, themes: string[], channel: string): Promise<number> {
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

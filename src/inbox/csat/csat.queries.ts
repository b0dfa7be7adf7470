import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { conversationCsat } from './csat.tables.js';

export type CsatRow = typeof conversationCsat.$inferSelect;
export type NewCsatRow = typeof conversationCsat.$inferInsert;
const t = conversationCsat;

export async function findCsatForResolution(tx: Db, ws: string, conversationId: string, resolvedAt: Date): Promise<CsatRow | undefined> {
  const [r] = await tx.select().from(t).where(and(eq(t.workspaceId, ws), eq(t.conversationId, conversationId), eq(t.resolvedAt, resolvedAt))).for('update');
  return r;
}

/** Stores the request of one resolution; undefined when another caller stored it first. */
export async function insertCsatRow(tx: Db, row: NewCsatRow): Promise<CsatRow | undefined> {
  const [r] = await tx.insert(t).values(row).onConflictDoNothing().returning();
  return r;
}

export async function updateCsatRow(db: Db, ws: string, id: string, patch: Partial<NewCsatRow>): Promise<CsatRow> {
  const [r] = await db.update(t).set({ ...patch, updatedAt: new Date() }).where(and(eq(t.workspaceId, ws), eq(t.id, id))).returning();
  return r;
}

/**
 * Serialises CSAT decisions per customer until the transaction ends, so two conversations of one
 * customer resolved at the same moment cannot both pass the minDaysBetween check.
 */
export async function lockCustomerCsat(tx: Db, ws: string, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`inbox-csat:${ws}:${customerId}`}))`);
}

/** When this customer was last sent a CSAT after a resolution (any conversation), if after `since`. */
export async function lastCsatSentTo(tx: Db, ws: string, customerId: string, since: Date): Promise<Date | null> {
  const [r] = await tx
    .select({ sentAt: t.sentAt })
    .from(t)
    .where(and(eq(t.workspaceId, ws), eq(t.customerId, customerId), eq(t.status, 'sent'), gt(t.sentAt, since)))
    .orderBy(desc(t.sentAt))
    .limit(1);
  return r?.sentAt ?? null;
}

export async function listCsatRows(db: Db, ws: string, conversationId: string): Promise<CsatRow[]> {
  return db.select().from(t).where(and(eq(t.workspaceId, ws), eq(t.conversationId, conversationId))).orderBy(desc(t.resolvedAt));
}

export async function findCsatRow(db: Db, ws: string, id: string): Promise<CsatRow | undefined> {
  const [r] = await db.select().from(t).where(and(eq(t.workspaceId, ws), eq(t.id, id)));
  return r;
}

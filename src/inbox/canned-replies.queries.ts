import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { cannedReplies } from './canned-replies.tables.js';

export type CannedReplyRow = typeof cannedReplies.$inferSelect;

export async function findCannedReplies(db: Db, ws: string): Promise<CannedReplyRow[]> {
  return db.select().from(cannedReplies).where(eq(cannedReplies.workspaceId, ws)).orderBy(asc(cannedReplies.name));
}

export async function findCannedReply(db: Db, ws: string, id: string): Promise<CannedReplyRow | undefined> {
  const [row] = await db.select().from(cannedReplies).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id)));
  return row;
}

/** Undefined when the name is taken in the workspace. */
export async function insertCannedReply(tx: Db, row: typeof cannedReplies.$inferInsert): Promise<CannedReplyRow | undefined> {
  const [created] = await tx.insert(cannedReplies).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateCannedReplyRow(tx: Db, ws: string, id: string, set: Partial<Pick<CannedReplyRow, 'name' | 'bodies'>>): Promise<CannedReplyRow | undefined> {
  const [row] = await tx
    .update(cannedReplies)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id)))
    .returning();
  return row;
}

export async function findCannedReplyByName(tx: Db, ws: string, name: string): Promise<CannedReplyRow | undefined> {
  const [row] = await tx.select().from(cannedReplies).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.name, name)));
  return row;
}

export async function deleteCannedReplyRow(tx: Db, ws: string, id: string): Promise<boolean> {
  const rows = await tx.delete(cannedReplies).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id))).returning({ id: cannedReplies.id });
  return rows.length > 0;
}

import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { inboxAttachments } from './inbox.tables.js';

const a = inboxAttachments;

export async function insertUpload(tx: Db, row: typeof a.$inferInsert) {
  const [out] = await tx.insert(a).values(row).returning({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size });
  return out;
}

/** Uploads of a conversation that no message holds yet, among `ids` (metadata only). */
export async function findPendingUploads(tx: Db, ws: string, conversationId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size })
    .from(a)
    .where(and(eq(a.workspaceId, ws), eq(a.conversationId, conversationId), inArray(a.id, ids), isNull(a.messageId)));
}

/** Puts pending uploads on a message; only rows still pending are taken, so two replies never share a file. */
export async function claimUploads(tx: Db, ws: string, conversationId: string, ids: string[], messageId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(a)
    .set({ messageId })
    .where(and(eq(a.workspaceId, ws), eq(a.conversationId, conversationId), inArray(a.id, ids), isNull(a.messageId)))
    .returning({ id: a.id });
  return rows.map((r) => r.id);
}

/** Deletes one pending upload; answers whether it was there (pending) and whether it exists at all. */
export async function deletePendingUpload(tx: Db, ws: string, conversationId: string, id: string): Promise<'deleted' | 'sent' | 'missing'> {
  const gone = await tx
    .delete(a)
    .where(and(eq(a.workspaceId, ws), eq(a.conversationId, conversationId), eq(a.id, id), isNull(a.messageId)))
    .returning({ id: a.id });
  if (gone.length) return 'deleted';
  const [held] = await tx.select({ id: a.id }).from(a).where(and(eq(a.workspaceId, ws), eq(a.conversationId, conversationId), eq(a.id, id)));
  return held ? 'sent' : 'missing';
}

/** The stored files of a workspace by id, with their bytes: what an outgoing mail carries. */
export async function findAttachmentFiles(db: Db, ws: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: a.id, fileName: a.fileName, contentType: a.contentType, content: a.content })
    .from(a)
    .where(and(eq(a.workspaceId, ws), inArray(a.id, ids)))
    .orderBy(asc(a.id));
}

/**
 * Uploads never sent, older than `hours`: a composer closed without sending. Cross-workspace and
 * unindexed on purpose (tenant indexes lead with workspace_id); it runs hourly over few rows.
 */
export async function deleteStaleUploads(db: Db, hours: number): Promise<number> {
  const rows = await db
    .delete(a)
    .where(and(isNull(a.messageId), lt(a.createdAt, sql`now() - make_interval(hours => ${hours})`)))
    .returning({ id: a.id });
  return rows.length;
}

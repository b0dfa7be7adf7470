import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { inboxAttachments, inboxMessages } from './inbox.tables.js';

export type MessageRow = typeof inboxMessages.$inferSelect;
export type NewMessage = typeof inboxMessages.$inferInsert;
export type NewAttachment = typeof inboxAttachments.$inferInsert;

/**
 * Stores messages; one whose external id (Message-ID, tweet id) this inbox already holds is skipped,
 * so redelivered mail and re-imported files store nothing twice. Returns the rows actually written.
 */
export async function insertMessages(tx: Db, rows: NewMessage[]): Promise<{ id: string; conversationId: string; sentAt: Date }[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(inboxMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: inboxMessages.id, conversationId: inboxMessages.conversationId, sentAt: inboxMessages.sentAt });
}

/** Already stored messages of an inbox by external id: what a retry or re-import finds. */
export async function findMessagesByExternalIds(tx: Db, ws: string, inboxId: string, externalIds: string[]) {
  if (externalIds.length === 0) return [];
  return tx
    .select({ id: inboxMessages.id, conversationId: inboxMessages.conversationId, externalId: inboxMessages.externalId })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, ws), eq(inboxMessages.inboxId, inboxId), inArray(inboxMessages.externalId, externalIds)));
}

/** Oldest first by sending time; `after` is the [sentAt, id] of the previous page's last message. */
export async function findMessages(db: Db, ws: string, conversationId: string, limit: number, after?: [string, string]): Promise<MessageRow[]> {
  const m = inboxMessages;
  return db
    .select()
    .from(m)
    .where(
      and(
        eq(m.workspaceId, ws),
        eq(m.conversationId, conversationId),
        after ? sql`(${m.sentAt}, ${m.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(m.sentAt), asc(m.id))
    .limit(limit);
}

/** The newest message with a Message-ID: what a reply answers (In-Reply-To) and whose References it extends. */
export async function findLastThreadedMessage(tx: Db, ws: string, conversationId: string): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, ws), eq(inboxMessages.conversationId, conversationId), isNotNull(inboxMessages.externalId), eq(inboxMessages.isInternal, false)))
    .orderBy(desc(inboxMessages.sentAt), desc(inboxMessages.id))
    .limit(1);
  return row;
}

export async function insertAttachments(tx: Db, rows: NewAttachment[]): Promise<void> {
  if (rows.length) await tx.insert(inboxAttachments).values(rows);
}

/** Attachment metadata of some messages (without content). */
export async function findAttachmentInfo(db: Db, ws: string, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  const a = inboxAttachments;
  return db
    .select({ id: a.id, messageId: a.messageId, fileName: a.fileName, contentType: a.contentType, size: a.size })
    .from(a)
    .where(and(eq(a.workspaceId, ws), inArray(a.messageId, messageIds)))
    .orderBy(asc(a.id));
}

export async function findAttachment(db: Db, ws: string, conversationId: string, id: string) {
  const [row] = await db
    .select()
    .from(inboxAttachments)
    .where(and(eq(inboxAttachments.workspaceId, ws), eq(inboxAttachments.conversationId, conversationId), eq(inboxAttachments.id, id)));
  return row;
}

export async function findMessagesById(db: Db, ws: string, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(inboxMessages).where(and(eq(inboxMessages.workspaceId, ws), inArray(inboxMessages.id, ids)));
}

import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { inboxDrafts } from './drafts.tables.js';

const keyOf = (ws: string, conversationId: string, authorId: string) =>
  and(eq(inboxDrafts.workspaceId, ws), eq(inboxDrafts.conversationId, conversationId), eq(inboxDrafts.authorId, authorId));

export async function findDraft(db: Db, ws: string, conversationId: string, authorId: string) {
  const [row] = await db.select().from(inboxDrafts).where(keyOf(ws, conversationId, authorId));
  return row;
}

export async function upsertDraft(db: Db, ws: string, conversationId: string, authorId: string, text: string): Promise<Date> {
  const updatedAt = new Date();
  await db
    .insert(inboxDrafts)
    .values({ workspaceId: ws, conversationId, authorId, text, updatedAt })
    .onConflictDoUpdate({ target: [inboxDrafts.workspaceId, inboxDrafts.conversationId, inboxDrafts.authorId], set: { text, updatedAt } });
  return updatedAt;
}

export async function deleteDraft(db: Db, ws: string, conversationId: string, authorId: string): Promise<void> {
  await db.delete(inboxDrafts).where(keyOf(ws, conversationId, authorId));
}

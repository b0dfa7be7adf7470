import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inboxes, inboxMessages } from '../inbox.tables.js';
import { chatSettings } from './chat.tables.js';

export type ChatSettingsRow = typeof chatSettings.$inferSelect;

export async function insertChatSettings(tx: Db, row: typeof chatSettings.$inferInsert): Promise<void> {
  await tx.insert(chatSettings).values(row).onConflictDoNothing();
}

export async function findChatSettings(db: Db, ws: string, inboxId: string): Promise<ChatSettingsRow | undefined> {
  const [row] = await db.select().from(chatSettings).where(and(eq(chatSettings.workspaceId, ws), eq(chatSettings.inboxId, inboxId)));
  return row;
}

export async function updateChatSettingsRow(tx: Db, ws: string, inboxId: string, set: Partial<typeof chatSettings.$inferInsert>): Promise<void> {
  await tx.update(chatSettings).set({ ...set, updatedAt: sql`now()` }).where(and(eq(chatSettings.workspaceId, ws), eq(chatSettings.inboxId, inboxId)));
}

/** The workspace's chat inbox with that id, or its oldest one: what a snippet without data-chat talks to. */
export async function findChatInbox(db: Db, ws: string, inboxId?: string) {
  const [row] = await db
    .select({ inbox: inboxes, settings: chatSettings })
    .from(inboxes)
    .innerJoin(chatSettings, and(eq(chatSettings.workspaceId, inboxes.workspaceId), eq(chatSettings.inboxId, inboxes.id)))
    .where(and(eq(inboxes.workspaceId, ws), eq(inboxes.type, 'chat'), inboxId ? eq(inboxes.id, inboxId) : undefined))
    .orderBy(asc(inboxes.id))
    .limit(1);
  return row;
}

/** What the visitor sees of a conversation: the messages both sides sent, never internal notes. */
export async function findVisibleMessages(db: Db, ws: string, conversationId: string, limit: number) {
  const m = inboxMessages;
  return db
    .select({ id: m.id, direction: m.direction, text: m.text, sentAt: m.sentAt })
    .from(m)
    .where(and(eq(m.workspaceId, ws), eq(m.conversationId, conversationId), eq(m.isInternal, false)))
    .orderBy(asc(m.sentAt), asc(m.id))
    .limit(limit);
}

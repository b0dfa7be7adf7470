import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { conversations, inboxMessages } from './inbox.tables.js';

/** What a message contributes to a comparison; long texts are cut, their start says what they are about. */
const TEXT = sql<string>`left(${inboxMessages.text}, 2000)`;

export interface ResolvedConversationRow {
  id: string;
  subject: string;
  language: string | null;
}

/** The workspace's most recently resolved conversations (not `exceptId`), newest first. */
export async function findRecentlyResolved(db: Db, ws: string, exceptId: string, limit: number): Promise<ResolvedConversationRow[]> {
  const c = conversations;
  return db
    .select({ id: c.id, subject: c.subject, language: c.language })
    .from(c)
    .where(and(eq(c.workspaceId, ws), eq(c.status, 'resolved'), ne(c.id, exceptId)))
    .orderBy(sql`${c.resolvedAt} desc nulls last`, desc(c.id))
    .limit(limit);
}

export interface ExchangeMessageRow {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  text: string;
  sender: string | null;
}

/** The customer-visible messages (no internal notes) of some conversations, each conversation's oldest first. */
export async function findVisibleMessages(db: Db, ws: string, conversationIds: string[]): Promise<ExchangeMessageRow[]> {
  if (conversationIds.length === 0) return [];
  const m = inboxMessages;
  return db
    .select({ id: m.id, conversationId: m.conversationId, direction: m.direction, text: TEXT, sender: m.sender })
    .from(m)
    .where(and(eq(m.workspaceId, ws), inArray(m.conversationId, conversationIds), eq(m.isInternal, false)))
    .orderBy(asc(m.conversationId), asc(m.sentAt), asc(m.id));
}

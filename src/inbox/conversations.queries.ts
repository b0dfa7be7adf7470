import { and, arrayContains, asc, desc, eq, inArray, isNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { conversations, inboxMessages } from './inbox.tables.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;

export interface ConversationFilter {
  inboxId?: string;
  status?: ConversationRow['status'];
  kind?: ConversationRow['kind'];
  customerId?: string;
  /** A user id, or null for unassigned. */
  assigneeId?: string | null;
  tag?: string;
  priority?: ConversationRow['priority'];
}

/** Newest first (ids are time-ordered); `before` is the last id of the previous page. */
export async function findConversations(db: Db, ws: string, f: ConversationFilter, limit: number, before?: string): Promise<ConversationRow[]> {
  const c = conversations;
  const where: (SQL | undefined)[] = [
    eq(c.workspaceId, ws),
    f.inboxId ? eq(c.inboxId, f.inboxId) : undefined,
    f.status ? eq(c.status, f.status) : undefined,
    f.kind ? eq(c.kind, f.kind) : undefined,
    f.customerId ? eq(c.customerId, f.customerId) : undefined,
    f.assigneeId === null ? isNull(c.assigneeId) : f.assigneeId ? eq(c.assigneeId, f.assigneeId) : undefined,
    f.tag ? arrayContains(c.tags, [f.tag]) : undefined,
    f.priority ? eq(c.priority, f.priority) : undefined,
    before ? lt(c.id, before) : undefined,
  ];
  return db.select().from(c).where(and(...where)).orderBy(desc(c.id)).limit(limit);
}

export async function findConversation(db: Db, ws: string, id: string, opts: { lock?: boolean } = {}): Promise<ConversationRow | undefined> {
  const q = db.select().from(conversations).where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export async function updateConversationRow(tx: Db, ws: string, id: string, set: Partial<NewConversation>): Promise<void> {
  await tx
    .update(conversations)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id)));
}

/** Conversations of an inbox by thread key (the root message's id). */
export async function findByThreadKeys(tx: Db, ws: string, inboxId: string, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx
    .select({ id: conversations.id, key: conversations.threadKey })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), eq(conversations.inboxId, inboxId), inArray(conversations.threadKey, keys)));
  return new Map(rows.map((r) => [r.key!, r.id]));
}

/** The conversations stored messages belong to, by their Message-ID / source id. */
export async function findByMessageIds(tx: Db, ws: string, inboxId: string, externalIds: string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: inboxMessages.conversationId, externalId: inboxMessages.externalId })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, ws), eq(inboxMessages.inboxId, inboxId), inArray(inboxMessages.externalId, externalIds)));
  return new Map(rows.map((r) => [r.externalId!, r.id]));
}

/**
 * The subject + sender fallback for mail without threading headers: the newest unresolved conversation
 * of this inbox with the same contact and subject, active within the last 30 days.
 */
export async function findBySubject(tx: Db, ws: string, inboxId: string, contact: string, subject: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, ws),
        eq(conversations.inboxId, inboxId),
        eq(conversations.contact, contact),
        sql`lower(${conversations.subject}) = ${subject.toLowerCase()}`,
        ne(conversations.status, 'resolved'),
        sql`${conversations.lastMessageAt} > now() - interval '30 days'`,
      ),
    )
    .orderBy(desc(conversations.id))
    .limit(1);
  return row?.id;
}

/** Creates conversations; one whose thread key another transaction took meanwhile is skipped (the caller re-reads). */
export async function insertConversations(tx: Db, rows: NewConversation[]): Promise<void> {
  if (rows.length) await tx.insert(conversations).values(rows).onConflictDoNothing();
}

/**
 * A conversation's start from its stored messages: the first customer message's sentAt, else the earliest
 * message's (internal notes aside), never later than its creation. Read after the batch's messages were
 * inserted, so an imported message older than the thread moves the start back.
 */
const startFromMessages = () => {
  const m = inboxMessages;
  const c = conversations;
  return sql`least(${c.createdAt}, coalesce((select ${m.sentAt} from ${m} where ${m.workspaceId} = ${c.workspaceId} and ${m.conversationId} = ${c.id} and not ${m.isInternal} order by (${m.direction} <> 'in'), ${m.sentAt} limit 1), ${c.createdAt}))`;
};

/**
 * Adds newly stored messages to their conversations' counts and last-message time; a customer writing
 * again reopens a resolved or snoozed conversation. `restart`: the batch held a customer-visible message,
 * which may be the conversation's earliest: its start is read again.
 */
export async function bumpMessageCounts(tx: Db, ws: string, counts: Map<string, { n: number; last: Date; reopen: boolean; firstReply?: Date; restart?: boolean }>): Promise<void> {
  for (const [id, { n, last, reopen, firstReply, restart }] of counts) {
    const c = conversations;
    await tx
      .update(c)
      .set({
        messageCount: sql`${conversations.messageCount} + ${n}`,
        ...(reopen
          ? {
              status: sql`case when ${c.status} in ('resolved', 'snoozed') then 'open' else ${c.status} end`,
              snoozedUntil: sql`case when ${c.status} in ('resolved', 'snoozed') then null else ${c.snoozedUntil} end`,
              resolvedAt: sql`case when ${c.status} = 'resolved' then null else ${c.resolvedAt} end`,
            }
          : {}),
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${last.toISOString()}::timestamptz)`,
        // A reply recorded or imported later may have been made earlier than the one stamped: the first is the earliest (least() skips null).
        ...(firstReply ? { firstResponseAt: sql`least(${c.firstResponseAt}, ${firstReply.toISOString()}::timestamptz)` } : {}),
        ...(restart ? { startedAt: startFromMessages() } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id)));
  }
}

/** Links conversations to the profile their sender resolved to (only where none is set yet). */
export async function setCustomers(tx: Db, ws: string, customerOf: Map<string, string>): Promise<void> {
  for (const [id, customerId] of customerOf) {
    await tx
      .update(conversations)
      .set({ customerId })
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id), isNull(conversations.customerId)));
  }
}

/** The customer of each of some conversations (null where none is linked yet). */
export async function findCustomersOf(db: Db, ws: string, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: conversations.id, customerId: conversations.customerId })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), inArray(conversations.id, ids)));
  return new Map(rows.map((r) => [r.id, r.customerId]));
}

export async function findConversationsByIds(db: Db, ws: string, ids: string[]): Promise<ConversationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(conversations).where(and(eq(conversations.workspaceId, ws), inArray(conversations.id, ids)));
}

/**
 * Opens again, in every workspace, snoozed conversations whose snooze has run out (at most `limit`, the
 * earliest first), and names them. Re-checks the status in the UPDATE itself, so a conversation an agent
 * resolved or re-snoozed meanwhile is left as it is, and two sweeps at once reopen each conversation once.
 */
export async function reopenDueSnoozed(db: Db, now: Date, limit: number): Promise<{ workspaceId: string; id: string }[]> {
  const c = conversations;
  const due = and(eq(c.status, 'snoozed'), lte(c.snoozedUntil, now));
  const batch = db.select({ workspaceId: c.workspaceId, id: c.id }).from(c).where(due).orderBy(asc(c.snoozedUntil)).limit(limit);
  return db
    .update(c)
    .set({ status: 'open', snoozedUntil: null, updatedAt: sql`now()` })
    .where(and(due, sql`(${c.workspaceId}, ${c.id}) in (${batch})`))
    .returning({ workspaceId: c.workspaceId, id: c.id });
}

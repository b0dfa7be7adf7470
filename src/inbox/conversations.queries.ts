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
 * Adds newly stored messages to their conversations' counts and last-message time, in one statement for
 * the whole batch (an import touches hundreds of conversations); a customer writing again reopens a
 * resolved or snoozed conversation. A reply recorded or imported later may have been made earlier than the
 * one stamped: the first response is the earliest (least() skips null). `restart`: the batch held a
 * customer-visible message, which may be the conversation's earliest, so its start is read again from the
 * stored messages (just inserted, so visible here): the first customer message's sentAt, else the earliest
 * message's (internal notes aside), never later than its creation.
 */
export async function bumpMessageCounts(tx: Db, ws: string, counts: Map<string, { n: number; last: Date; reopen: boolean; firstReply?: Date; restart?: boolean }>): Promise<void> {
  if (counts.size === 0) return;
  // Sorted, so two batches touching the same conversations usually lock them in one order (a deadlock left is retried by writeTransaction).
  const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
  const col = <T>(f: (v: (typeof rows)[number][1], id: string) => T) => sql.param(rows.map(([id, v]) => f(v, id)));
  await tx.execute(sql`
    update conversations c set
      message_count = c.message_count + v.n,
      status = case when v.reopen and c.status in ('resolved', 'snoozed') then 'open' else c.status end,
      snoozed_until = case when v.reopen and c.status in ('resolved', 'snoozed') then null else c.snoozed_until end,
      resolved_at = case when v.reopen and c.status = 'resolved' then null else c.resolved_at end,
      last_message_at = greatest(c.last_message_at, v.last),
      first_response_at = least(c.first_response_at, v.first_reply),
      started_at = case when v.restart then least(c.created_at, coalesce((
        select m.sent_at from inbox_messages m
        where m.workspace_id = c.workspace_id and m.conversation_id = c.id and not m.is_internal
        order by (m.direction <> 'in'), m.sent_at limit 1), c.created_at)) else c.started_at end,
      updated_at = now()
    from unnest(${col((_, id) => id)}::uuid[], ${col((v) => v.n)}::int[], ${col((v) => v.last.toISOString())}::timestamptz[],
                ${col((v) => v.reopen)}::boolean[], ${col((v) => v.firstReply?.toISOString() ?? null)}::timestamptz[], ${col((v) => v.restart ?? false)}::boolean[])
      as v(id, n, last, reopen, first_reply, restart)
    where c.workspace_id = ${ws} and c.id = v.id`);
}

/** Links conversations to the profile their sender resolved to (only where none is set yet), in one statement. */
export async function setCustomers(tx: Db, ws: string, customerOf: Map<string, string>): Promise<void> {
  if (customerOf.size === 0) return;
  const rows = [...customerOf].sort(([a], [b]) => (a < b ? -1 : 1));
  await tx.execute(sql`
    update conversations c set customer_id = v.customer_id
    from unnest(${sql.param(rows.map(([id]) => id))}::uuid[], ${sql.param(rows.map(([, cu]) => cu))}::uuid[]) as v(id, customer_id)
    where c.workspace_id = ${ws} and c.id = v.id and c.customer_id is null`);
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

import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { conversations, inboxMessages } from './inbox.tables.js';
import { conversationSla } from './routing/routing.tables.js';

/** One conversation as the measures see it. */
export interface ConversationFactRow {
  id: string;
  kind: 'message' | 'follow_up';
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  channel: string;
  team: string | null;
  assigneeId: string | null;
  tags: string[];
  createdAt: Date;
  startedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  agentReplies: number;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * Conversations created in [from, to) with their SLA clock and the number of agent replies (outbound,
 * not internal, not the automatic acknowledgement) — the facts of every inbox measure. A conversation
 * starts at its SLA clock's start, else at its first inbound message's sentAt (imported history has no
 * clock), else at its creation.
 */
export async function findConversationFacts(db: Db, ws: string, from: Date | undefined, to: Date | undefined): Promise<ConversationFactRow[]> {
  const c = conversations;
  const s = conversationSla;
  const replies = db
    .select({ conversationId: inboxMessages.conversationId, n: sql<number>`count(*)::int`.as('n') })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, ws), eq(inboxMessages.direction, 'out'), eq(inboxMessages.isInternal, false), sql`coalesce(${inboxMessages.sender}, '') not in ('auto-acknowledge', 'CSAT survey')`))
    .groupBy(inboxMessages.conversationId)
    .as('replies');
  // The customer's first message, by its own sentAt: an imported review or post starts when it was written, not when it was imported.
  const firstIn = db
    .select({ conversationId: inboxMessages.conversationId, at: sql<Date>`min(${inboxMessages.sentAt})`.as('first_in_at') })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, ws), eq(inboxMessages.direction, 'in'), eq(inboxMessages.isInternal, false)))
    .groupBy(inboxMessages.conversationId)
    .as('first_in');
  const rows = await db
    .select({
      id: c.id,
      kind: c.kind,
      status: c.status,
      channel: c.channel,
      team: c.team,
      assigneeId: c.assigneeId,
      tags: c.tags,
      createdAt: c.createdAt,
      startedAt: sql<Date>`coalesce(${s.startedAt}, ${firstIn.at}, ${c.createdAt})`.mapWith(c.createdAt),
      firstResponseAt: c.firstResponseAt,
      resolvedAt: c.resolvedAt,
      agentReplies: sql<number>`coalesce(${replies.n}, 0)`.mapWith(Number),
      firstResponseDueAt: s.firstResponseDueAt,
      resolutionDueAt: s.resolutionDueAt,
    })
    .from(c)
    .leftJoin(s, and(eq(s.workspaceId, c.workspaceId), eq(s.conversationId, c.id)))
    .leftJoin(replies, eq(replies.conversationId, c.id))
    .leftJoin(firstIn, eq(firstIn.conversationId, c.id))
    .where(and(eq(c.workspaceId, ws), from ? gte(c.createdAt, from) : undefined, to ? lt(c.createdAt, to) : undefined));
  return rows;
}

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
  /** What periods date it by: the conversation's start (first customer message), not its creation or import. */
  datedAt: Date;
  /** Where its clocks run from: the SLA clock's start, else the conversation's start. */
  startedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  agentReplies: number;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * Conversations started in [from, to) with their SLA clock and the number of agent replies (outbound,
 * not internal, not the automatic acknowledgement) — the facts of every inbox measure. A conversation is
 * dated by its start (`started_at`: its first customer message's sentAt, so imported history lands on the
 * day it happened, not the import's); its clocks run from the SLA clock's start, else from that start.
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
  const rows = await db
    .select({
      id: c.id,
      kind: c.kind,
      status: c.status,
      channel: c.channel,
      team: c.team,
      assigneeId: c.assigneeId,
      tags: c.tags,
      datedAt: c.startedAt,
      startedAt: sql<Date>`coalesce(${s.startedAt}, ${c.startedAt})`.mapWith(c.startedAt),
      firstResponseAt: c.firstResponseAt,
      resolvedAt: c.resolvedAt,
      agentReplies: sql<number>`coalesce(${replies.n}, 0)`.mapWith(Number),
      firstResponseDueAt: s.firstResponseDueAt,
      resolutionDueAt: s.resolutionDueAt,
    })
    .from(c)
    .leftJoin(s, and(eq(s.workspaceId, c.workspaceId), eq(s.conversationId, c.id)))
    .leftJoin(replies, eq(replies.conversationId, c.id))
    .where(and(eq(c.workspaceId, ws), from ? gte(c.startedAt, from) : undefined, to ? lt(c.startedAt, to) : undefined));
  return rows;
}

import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { cursorValue, decodeCursor, encodeCursor, idCursor, pageOf } from '../platform/http/cursor.js';
import { z } from 'zod';
import { listMembers } from '../accounts/members.service.js';
import { findConversation, findConversations, updateConversationRow, type ConversationRow, type NewConversation } from './conversations.queries.js';
import { findAttachment, findAttachmentInfo, findMessages, type MessageRow } from './messages.queries.js';
import { announceConversations } from './realtime.js';
import { retimeServiceClock } from './routing/sla.service.js';
import type { TConversation, TConversationPatch, TConversationQuery, TMessage } from './inbox.schemas.js';

export const presentConversation = (r: ConversationRow): TConversation => ({
  id: r.id,
  inboxId: r.inboxId,
  customerId: r.customerId,
  kind: r.kind,
  status: r.status,
  snoozedUntil: r.snoozedUntil,
  priority: r.priority,
  assigneeId: r.assigneeId,
  team: r.team,
  tags: r.tags,
  channel: r.channel,
  language: r.language,
  subject: r.subject,
  contact: r.contact,
  messageCount: r.messageCount,
  lastMessageAt: r.lastMessageAt,
  dueAt: r.dueAt,
  firstResponseAt: r.firstResponseAt,
  resolvedAt: r.resolvedAt,
  followUp: r.source ?? null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** Conversations newest first, filtered; `assignee=me` is the caller. */
export async function listConversations(db: Db, actor: Actor, q: TConversationQuery) {
  const kind = 'conversations';
  const assigneeId = q.assignee === 'none' ? null : q.assignee === 'me' ? (actor.userId ?? '00000000-0000-0000-0000-000000000000') : q.assignee;
  const rows = await findConversations(
    db,
    actor.workspaceId,
    { inboxId: q.inboxId, status: q.status, kind: q.kind, customerId: q.customerId, assigneeId, tag: q.tag, priority: q.priority },
    q.limit + 1,
    idCursor.decode(kind, q.cursor),
  );
  const page = pageOf(rows, q.limit, (last) => idCursor.encode(kind, last.id));
  return { data: page.data.map(presentConversation), nextCursor: page.nextCursor };
}

export async function requireConversation(db: Db, workspaceId: string, id: string, opts: { lock?: boolean } = {}): Promise<ConversationRow> {
  const row = await findConversation(db, workspaceId, id, opts);
  if (!row) throw notFound('Conversation');
  return row;
}

export async function getConversation(db: Db, workspaceId: string, id: string): Promise<TConversation> {
  return presentConversation(await requireConversation(db, workspaceId, id));
}

/**
 * Changes a conversation's state. Resolving stamps resolvedAt (reopening clears it); snoozing needs a
 * time in the future; an assignee must be a member of the workspace. Assignment changes are audited.
 */
/** How a conversation came to be resolved: by whom, and whether automatically (a system actor or `autoResolved`). */
export interface Resolution {
  actor: Actor;
  isAutomatic: boolean;
}
type ResolvedListener = (ctx: AppContext, workspaceId: string, conversationId: string, resolution: Resolution) => Promise<void>;
const resolvedListeners: ResolvedListener[] = [];
/** Work that follows a conversation being resolved (the chat transcript), after commit; it never fails the change. */
export function onConversationResolved(fn: ResolvedListener): void {
  resolvedListeners.push(fn);
}

export async function updateConversation(ctx: AppContext, actor: Actor, id: string, patch: TConversationPatch): Promise<TConversation> {
  const ws = actor.workspaceId;
  if (patch.assigneeId) {
    const members = await listMembers(ctx.db, ws);
    if (!members.some((m) => m.userId === patch.assigneeId)) {
      throw new AppError('validation_failed', 'The assignee is not a member of this workspace.', { errors: [{ path: 'body.assigneeId', message: 'not a member of this workspace' }] });
    }
  }
  let becameResolved = false;
  await ctx.db.transaction(async (tx) => {
    const current = await requireConversation(tx, ws, id, { lock: true });
    becameResolved = patch.status === 'resolved' && current.status !== 'resolved';
    const set: Partial<NewConversation> = {};
    if (patch.status !== undefined) {
      set.status = patch.status;
      if (patch.status === 'resolved' && current.status !== 'resolved') set.resolvedAt = new Date();
      if (patch.status !== 'resolved') set.resolvedAt = null;
      if (patch.status !== 'snoozed') set.snoozedUntil = null;
    }
    const snoozeTo = patch.snoozedUntil !== undefined ? patch.snoozedUntil : undefined;
    if ((patch.status ?? current.status) === 'snoozed') {
      const until = snoozeTo === undefined ? current.snoozedUntil?.toISOString() : snoozeTo;
      if (!until || Date.parse(until) <= Date.now()) {
        throw new AppError('validation_failed', 'Snoozing needs snoozedUntil in the future.', { errors: [{ path: 'body.snoozedUntil', message: 'must be a time in the future' }] });
      }
      set.snoozedUntil = new Date(until);
    } else if (snoozeTo) {
      throw new AppError('validation_failed', 'snoozedUntil goes with status "snoozed".', { errors: [{ path: 'body.snoozedUntil', message: 'only with status snoozed' }] });
    }
    if (patch.priority !== undefined) set.priority = patch.priority;
    // A new priority means new SLA targets: the running clock is re-timed from its start.
    if (patch.priority !== undefined && patch.priority !== current.priority) {
      const retimed = await retimeServiceClock(tx, current, patch.priority);
      if (retimed) set.dueAt = retimed.dueAt;
    }
    if (patch.assigneeId !== undefined) set.assigneeId = patch.assigneeId;
    if (patch.team !== undefined) set.team = patch.team;
    if (patch.tags !== undefined) set.tags = [...new Set(patch.tags.map((t) => t.toLowerCase()))];
    if (patch.language !== undefined) set.language = patch.language;
    if (patch.dueAt !== undefined) set.dueAt = patch.dueAt === null ? null : new Date(patch.dueAt);
    await updateConversationRow(tx, ws, id, set);
    if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
      await ctx.audit(tx, actor, { action: 'conversation.assigned', targetType: 'conversation', targetId: id, details: { from: current.assigneeId, to: patch.assigneeId } });
    }
  });
  announceConversations(ctx, ws, [id], 'updated');
  if (becameResolved) {
    const resolution: Resolution = { actor, isAutomatic: actor.kind === 'system' || patch.autoResolved === true };
    for (const fn of resolvedListeners) await fn(ctx, ws, id, resolution).catch((err: unknown) => ctx.log.warn({ err, conversationId: id }, 'work after resolving failed'));
  }
  return getConversation(ctx.db, ws, id);
}

const MESSAGE_CURSOR = z.tuple([cursorValue.timestamp, cursorValue.id]);

export async function presentMessages(db: Db, ws: string, rows: MessageRow[]): Promise<TMessage[]> {
  const files = await findAttachmentInfo(db, ws, rows.filter((r) => r.attachmentCount > 0).map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    direction: r.direction,
    internal: r.isInternal,
    text: r.text,
    fullText: r.fullText,
    sender: r.sender,
    senderUserId: r.senderUserId,
    messageId: r.externalId,
    inReplyTo: r.inReplyTo,
    references: r.references,
    outboxId: r.outboxId,
    attachments: files.filter((f) => f.messageId === r.id).map(({ messageId: _m, ...f }) => f),
    droppedAttachments: r.droppedAttachments,
    sentAt: r.sentAt,
    createdAt: r.createdAt,
  }));
}

/** A conversation's messages and notes, oldest first (by the time they were sent). */
export async function listMessages(db: Db, ws: string, conversationId: string, q: { cursor?: string; limit: number }) {
  await requireConversation(db, ws, conversationId);
  const kind = `inbox-messages:${conversationId}`;
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, kind, MESSAGE_CURSOR);
  const rows = await findMessages(db, ws, conversationId, q.limit + 1, after);
  const page = pageOf(rows, q.limit, (last) => encodeCursor(kind, [last.sentAt.toISOString(), last.id]));
  return { data: await presentMessages(db, ws, page.data), nextCursor: page.nextCursor };
}

export async function getAttachment(db: Db, ws: string, conversationId: string, attachmentId: string) {
  const row = await findAttachment(db, ws, conversationId, attachmentId);
  if (!row) throw notFound('Attachment');
  return row;
}

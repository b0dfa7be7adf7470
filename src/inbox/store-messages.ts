import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { ingestEvents } from '../customers/ingest.service.js';
import type { TEventInput } from '../customers/customers.schemas.js';
import {
  bumpMessageCounts,
  findByMessageIds,
  findBySubject,
  findByThreadKeys,
  findConversation,
  findCustomersOf,
  insertConversations,
  setCustomers,
  type NewConversation,
} from './conversations.queries.js';
import { findMessagesByExternalIds, insertAttachments, insertMessages, type NewAttachment, type NewMessage } from './messages.queries.js';
import type { InboxRow } from './inbox.queries.js';
import { announceConversations } from './realtime.js';
import { enqueueRouting } from './routing/routing.queries.js';
import { scheduleRouting } from './routing/route-pending.js';
import { messagesStored } from './webhooks/webhook-events.js';

type EventCustomer = TEventInput['customer'];

/** A message on its way into an inbox, whatever the channel: mail, API, import. */
export interface IncomingMessage {
  direction: 'in' | 'out';
  internal?: boolean;
  /** Shown text (quoted history removed) and the whole body. */
  text: string;
  fullText: string;
  subject: string;
  sender: string | null;
  /** Where replies go: the customer's address or handle. */
  contact: string | null;
  /** Who the customer is, for identity resolution (null: take the conversation's). */
  customer: EventCustomer | null;
  externalId: string | null;
  inReplyTo: string | null;
  references: string[];
  sentAt: Date;
  /** The thread's root id: messages with one key share a conversation, whatever order they arrive in. */
  threadKey: string;
  /** Mail only: without threading headers, a same-subject conversation with the same contact is continued. */
  matchSubject?: boolean;
  conversationId?: string;
  language?: string | null;
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  customerId: string | null;
  created: boolean;
}

/** "Re: Re: AW: Order" → "Order": what replies keep of the first mail's subject. */
export const baseSubject = (s: string): string => s.replace(/^\s*((re|aw|sv|fw|fwd|wg|vs)(\[\d+\])?\s*:\s*)+/i, '').trim();

/** Which conversation each message belongs to, creating the conversations of new threads. */
async function resolveConversations(tx: Db, ws: string, inbox: InboxRow, items: IncomingMessage[]): Promise<string[]> {
  const out: (string | undefined)[] = new Array(items.length);
  for (const [i, m] of items.entries()) {
    if (!m.conversationId) continue;
    const c = await findConversation(tx, ws, m.conversationId);
    if (!c || (c.inboxId !== null && c.inboxId !== inbox.id)) throw new AppError('not_found', 'Conversation was not found in this inbox.');
    out[i] = c.id;
  }
  // Replies name their parents: a stored parent decides, even when the root was never seen.
  const referenced = [...new Set(items.flatMap((m, i) => (out[i] ? [] : [m.inReplyTo, ...m.references].filter((x): x is string => !!x))))];
  const byMessage = await findByMessageIds(tx, ws, inbox.id, referenced);
  items.forEach((m, i) => {
    if (out[i]) return;
    const hit = [m.inReplyTo, ...[...m.references].reverse()].map((id) => (id ? byMessage.get(id) : undefined)).find(Boolean);
    if (hit) out[i] = hit;
  });
  const keys = [...new Set(items.flatMap((m, i) => (out[i] ? [] : [m.threadKey])))];
  const byKey = await findByThreadKeys(tx, ws, inbox.id, keys);
  for (const [i, m] of items.entries()) {
    if (out[i] || byKey.has(m.threadKey)) continue;
    if (m.matchSubject && m.contact && baseSubject(m.subject)) {
      const hit = await findBySubject(tx, ws, inbox.id, m.contact, baseSubject(m.subject));
      if (hit) out[i] = hit;
    }
  }
  // New threads: sorted by key so two batches creating overlapping threads lock them in one order.
  const fresh = new Map<string, NewConversation>();
  items.forEach((m, i) => {
    if (out[i] || byKey.has(m.threadKey) || fresh.has(m.threadKey)) return;
    fresh.set(m.threadKey, {
      workspaceId: ws,
      id: newId(),
      inboxId: inbox.id,
      kind: 'message',
      channel: inbox.channel,
      // Tweets and chats have no subject: their first line stands in for one in lists.
      subject: (baseSubject(m.subject) || m.text.replace(/\s+/g, ' ').trim().slice(0, 120)).slice(0, 998),
      contact: m.direction === 'in' ? m.contact : null,
      threadKey: m.threadKey,
      language: m.language ?? null,
      lastMessageAt: m.sentAt,
    });
  });
  await insertConversations(tx, [...fresh.values()].sort((a, b) => (a.threadKey! < b.threadKey! ? -1 : 1)));
  // Re-read: a concurrent batch may have created some of the same threads first.
  const created = await findByThreadKeys(tx, ws, inbox.id, [...fresh.keys()]);
  return items.map((m, i) => out[i] ?? byKey.get(m.threadKey) ?? created.get(m.threadKey)!);
}

/**
 * Stores a batch of messages of one inbox in one transaction: threads them into conversations
 * (stored parent → thread key → subject + sender for mail), skips what the inbox already holds, and
 * counts them on their conversations. After commit, each message becomes a `conversation_message`
 * event on the customer's timeline; ingesting those resolves the sender to a profile (e-mail, phone,
 * external id, social handle), which new conversations are then linked to. Redelivery is harmless:
 * messages, events and links are all keyed by the message's external id. New inbound messages are
 * queued for routing in the same transaction and routed shortly after (routing/route-pending.ts): a
 * 2xx or 250 waits for the commit and the customer link, not for rules, assignment and SLA clocks.
 */
export async function storeMessages(ctx: AppContext, actor: Actor, inbox: InboxRow, items: IncomingMessage[], maxAttachmentBytes = ctx.config.INBOX_ATTACHMENT_MAX_BYTES): Promise<StoredMessage[]> {
  const ws = actor.workspaceId;
  const { messages: stored, known } = await writeTransaction(ctx, async (tx) => {
    const convOf = await resolveConversations(tx, ws, inbox, items);
    const existing = new Map(
      (await findMessagesByExternalIds(tx, ws, inbox.id, items.flatMap((m) => (m.externalId ? [m.externalId] : [])))).map((r) => [r.externalId!, r]),
    );
    const rows: NewMessage[] = [];
    const ids: string[] = [];
    const seen = new Map<string, number>();
    items.forEach((m, i) => {
      const prior = m.externalId ? (existing.get(m.externalId) ?? (seen.has(m.externalId) ? { id: ids[seen.get(m.externalId)!] } : undefined)) : undefined;
      if (prior) {
        ids.push(prior.id);
        return;
      }
      const id = newId();
      ids.push(id);
      if (m.externalId) seen.set(m.externalId, i);
      rows.push({
        workspaceId: ws,
        id,
        conversationId: convOf[i],
        inboxId: inbox.id,
        direction: m.direction,
        isInternal: m.internal ?? false,
        text: m.text,
        fullText: m.fullText,
        sender: m.sender,
        senderUserId: m.direction === 'out' ? (actor.userId ?? null) : null,
        externalId: m.externalId,
        inReplyTo: m.inReplyTo,
        references: m.references,
        // Counted as stored: a file over the limit is not kept, but named so the agent can ask for it again.
        attachmentCount: (m.attachments ?? []).filter((a) => a.content.length <= maxAttachmentBytes).length,
        droppedAttachments: (m.attachments ?? [])
          .filter((a) => a.content.length > maxAttachmentBytes)
          .map((a) => ({ name: a.fileName.slice(0, 255), sizeBytes: a.content.length, reason: 'too_large' as const })),
        sentAt: m.sentAt,
      });
    });
    const inserted = await insertMessages(tx, rows);
    const insertedIds = new Set(inserted.map((r) => r.id));
    const counts = new Map<string, { n: number; last: Date; reopen: boolean; firstReply?: Date; restart?: boolean }>();
    for (const r of rows) {
      if (!insertedIds.has(r.id)) continue;
      const c = counts.get(r.conversationId) ?? { n: 0, last: r.sentAt as Date, reopen: false };
      c.n++;
      if ((r.sentAt as Date) > c.last) c.last = r.sentAt as Date;
      c.reopen ||= r.direction === 'in' && !r.isInternal;
      c.restart ||= !r.isInternal;
      // An outbound message stored here is a reply made elsewhere (imported, or posted by another system): it answers at its own sentAt.
      if (r.direction === 'out' && !r.isInternal && (!c.firstReply || (r.sentAt as Date) < c.firstReply)) c.firstReply = r.sentAt as Date;
      counts.set(r.conversationId, c);
    }
    await bumpMessageCounts(tx, ws, counts);
    const files: NewAttachment[] = [];
    items.forEach((m, i) => {
      if (!insertedIds.has(ids[i])) return;
      for (const a of m.attachments ?? []) {
        if (a.content.length > maxAttachmentBytes) continue;
        files.push({ workspaceId: ws, id: newId(), messageId: ids[i], conversationId: convOf[i], fileName: a.fileName.slice(0, 255), contentType: a.contentType.slice(0, 255), size: a.content.length, content: a.content });
      }
    });
    await insertAttachments(tx, files);
    // Routing follows the answer; queued here so that a committed message is always routed (route-pending.ts).
    await enqueueRouting(tx, ws, rows.filter((r) => insertedIds.has(r.id) && r.direction === 'in' && !r.isInternal).map((r) => r.id));
    // Read in the same transaction: one round trip less per request than a read after commit.
    const known = await findCustomersOf(tx, ws, [...new Set(convOf)]);
    return { messages: items.map((_, i) => ({ id: ids[i], conversationId: convOf[i], created: insertedIds.has(ids[i]) })), known };
  });
  // Dashboards hear of the message as soon as it is committed; a profile linked next is announced by itself.
  announceConversations(ctx, ws, stored.filter((s) => s.created).map((s) => s.conversationId), 'message');
  const customers = await linkCustomers(ctx, actor, inbox, items, stored, known);
  // Rules, assignment, SLA clock, acknowledgement: derived work that never fails or delays the stored messages.
  if (stored.some((s) => s.created)) scheduleRouting(ctx, ws);
  // Webhooks (message.created, conversation.created): one cached lookup when the workspace has none; never throws.
  await messagesStored(ctx, ws, stored.filter((s) => s.created).map((s) => s.id));
  return stored.map((s, i) => ({ ...s, customerId: customers[i] }));
}

/** Timeline events for the stored messages; their resolution names each conversation's customer. */
async function linkCustomers(
  ctx: AppContext,
  actor: Actor,
  inbox: InboxRow,
  items: IncomingMessage[],
  stored: { id: string; conversationId: string }[],
  knownCustomer: Map<string, string | null>,
): Promise<(string | null)[]> {
  const ws = actor.workspaceId;
  const events: TEventInput[] = [];
  const eventOf: number[] = [];
  items.forEach((m, i) => {
    const known = knownCustomer.get(stored[i].conversationId);
    const customer = m.direction === 'in' && m.customer ? m.customer : known ? { id: known } : m.customer;
    if (!customer || m.internal) return;
    eventOf.push(i);
    events.push({
      id: `inbox:${inbox.id}:${m.externalId ?? stored[i].id}`.slice(0, 200),
      type: 'conversation_message',
      customer,
      occurredAt: new Date(Math.min(m.sentAt.getTime(), Date.now())).toISOString(),
      channel: inbox.channel.slice(0, 50),
      properties: {
        conversationId: stored[i].conversationId,
        messageId: stored[i].id,
        inboxId: inbox.id,
        direction: m.direction,
        subject: m.subject.slice(0, 300),
        excerpt: m.text.slice(0, 280),
      },
    });
  });
  const out: (string | null)[] = stored.map((s) => knownCustomer.get(s.conversationId) ?? null);
  if (events.length === 0) return out;
  const result = await ingestEvents(ctx, actor, events);
  const link = new Map<string, string>();
  result.results.forEach((r, k) => {
    const i = eventOf[k];
    if (!r.customerId) return;
    out[i] = knownCustomer.get(stored[i].conversationId) ?? r.customerId;
    if (!knownCustomer.get(stored[i].conversationId) && !link.has(stored[i].conversationId)) link.set(stored[i].conversationId, r.customerId);
  });
  if (link.size) {
    await writeTransaction(ctx, (tx) => setCustomers(tx, ws, link));
    announceConversations(ctx, ws, link.keys(), 'updated');
  }
  // Messages of a conversation linked just now carry its customer too.
  return out.map((c, i) => c ?? link.get(stored[i].conversationId) ?? null);
}

import { LRUCache } from 'lru-cache';
import type { AppContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { findConversationsByIds, type ConversationRow } from '../conversations.queries.js';
import { presentConversation } from '../conversations.service.js';
import { findMessagesById, type MessageRow } from '../messages.queries.js';
import { findEnabledEndpoints, insertDeliveries, type EndpointRow, type NewDelivery } from './webhooks.queries.js';
import type { WebhookEvent } from './webhooks.tables.js';
import { deliverWebhookJob } from './webhooks.jobs.js';

/**
 * Every stored message asks whether its workspace has endpoints; a few seconds of staleness is fine
 * for another process's edits (this process forgets at once on its own), and it keeps the ingest
 * path at no queries at all for the many workspaces without webhooks.
 */
const cache = new LRUCache<string, EndpointRow[]>({ max: 5000, ttl: 5000 });
export const forgetEndpoints = (ws: string): void => void cache.delete(ws);

async function endpointsOf(ctx: AppContext, ws: string): Promise<EndpointRow[]> {
  let rows = cache.get(ws);
  if (!rows) cache.set(ws, (rows = await findEnabledEndpoints(ctx.db, ws)));
  return rows;
}

export interface InboxEvent {
  type: WebhookEvent;
  /** What the endpoint filters look at: the conversation's inbox, and the message's direction. */
  inboxId: string | null;
  direction?: 'in' | 'out';
  /** Queues the event at most once per endpoint, however often the code noticing it runs. */
  key: string;
  data: Record<string, unknown>;
}

export const webhookBody = (type: string, data: Record<string, unknown>, at = new Date()) => ({ type, timestamp: at.toISOString(), data });

/** An endpoint's filters: chosen inboxes (a conversation outside any inbox never matches one), and for messages a direction. */
const wants = (ep: EndpointRow, ev: InboxEvent): boolean =>
  ep.events.includes(ev.type) &&
  (ep.inboxIds.length === 0 || (ev.inboxId !== null && ep.inboxIds.includes(ev.inboxId))) &&
  (ev.type !== 'message.created' || !ep.messageDirection || ep.messageDirection === ev.direction);

/** Queues the events for every enabled endpoint that subscribed to them, one job per delivery. */
async function emit(ctx: AppContext, ws: string, events: InboxEvent[]): Promise<void> {
  const endpoints = await endpointsOf(ctx, ws);
  const rows: NewDelivery[] = [];
  for (const ev of events) {
    // JSON round trip: dates become the ISO strings the receiver gets, before jsonb stores them.
    const payload = JSON.parse(JSON.stringify(webhookBody(ev.type, ev.data))) as Record<string, unknown>;
    for (const ep of endpoints) {
      if (wants(ep, ev)) rows.push({ workspaceId: ws, id: newId(), endpointId: ep.id, eventType: ev.type, eventKey: ev.key, payload });
    }
  }
  const queued = await insertDeliveries(ctx.db, rows);
  for (const q of queued) await ctx.jobs.send(deliverWebhookJob, { workspaceId: ws, deliveryId: q.id });
}

/** Never fails the caller: a lost webhook costs the receiver an event, not the customer a message. */
async function safely(ctx: AppContext, ws: string, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    if ((await endpointsOf(ctx, ws)).length === 0) return;
    await fn();
  } catch (err) {
    ctx.log.warn({ err, workspaceId: ws }, `webhook events not queued (${what})`);
  }
}

const presentMessage = (m: MessageRow) => ({
  id: m.id,
  conversationId: m.conversationId,
  inboxId: m.inboxId,
  direction: m.direction,
  text: m.text,
  sender: m.sender,
  senderUserId: m.senderUserId,
  messageId: m.externalId,
  inReplyTo: m.inReplyTo,
  attachmentCount: m.attachmentCount,
  droppedAttachments: m.droppedAttachments,
  sentAt: m.sentAt,
});

const conversationEvent = (type: WebhookEvent, c: ConversationRow, key: string): InboxEvent => ({ type, key, inboxId: c.inboxId, data: { conversation: presentConversation(c) } });

/**
 * After messages were stored and committed: `message.created` for each new message (internal notes
 * stay inside), preceded by `conversation.created` for a conversation that holds only this batch's
 * messages.
 */
export async function messagesStored(ctx: AppContext, ws: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await safely(ctx, ws, 'messages', async () => {
    const messages = (await findMessagesById(ctx.db, ws, messageIds)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const convs = new Map((await findConversationsByIds(ctx.db, ws, [...new Set(messages.map((m) => m.conversationId))])).map((c) => [c.id, c]));
    const events: InboxEvent[] = [];
    for (const c of convs.values()) {
      if (c.messageCount === messages.filter((m) => m.conversationId === c.id).length) events.push(conversationEvent('conversation.created', c, `conversation.created:${c.id}`));
    }
    for (const m of messages) {
      const c = convs.get(m.conversationId);
      if (m.isInternal || !c) continue;
      events.push({ type: 'message.created', key: `message.created:${m.id}`, inboxId: c.inboxId, direction: m.direction, data: { conversation: presentConversation(c), message: presentMessage(m) } });
    }
    await emit(ctx, ws, events);
  });
}

/** A conversation made outside an inbox (a detractor follow-up case). */
export async function conversationCreated(ctx: AppContext, ws: string, conversationId: string): Promise<void> {
  await safely(ctx, ws, 'created', async () => {
    const [c] = await findConversationsByIds(ctx.db, ws, [conversationId]);
    if (c) await emit(ctx, ws, [conversationEvent('conversation.created', c, `conversation.created:${c.id}`)]);
  });
}

/** Resolved (again): keyed by the resolution time, so a reopened and re-resolved case is a new event. */
export async function conversationResolved(ctx: AppContext, ws: string, conversationId: string): Promise<void> {
  await safely(ctx, ws, 'resolved', async () => {
    const [c] = await findConversationsByIds(ctx.db, ws, [conversationId]);
    if (c?.status === 'resolved' && c.resolvedAt) await emit(ctx, ws, [conversationEvent('conversation.resolved', c, `conversation.resolved:${c.id}:${c.resolvedAt.getTime()}`)]);
  });
}

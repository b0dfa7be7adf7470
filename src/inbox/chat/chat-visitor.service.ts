import { createHmac } from 'node:crypto';
import { systemActor, type AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId, safeEqual, sha256 } from '../../platform/ids.js';
import { ingestEvents } from '../../customers/ingest.service.js';
import { serverSecret } from '../../platform/secrets/server-secret.js';
import { findConversation, updateConversationRow, type ConversationRow } from '../conversations.queries.js';
import { storeMessages, type IncomingMessage } from '../store-messages.js';
import { announceConversations, realtimeHub } from '../realtime.js';
import { serviceCalendar } from '../routing/sla.service.js';
import { localDayOf, openIntervals } from '../routing/business-hours.js';
import { findChatInbox, findVisibleMessages, type ChatSettingsRow } from './chat.queries.js';
import { checkIdentity } from './chat-settings.service.js';
import { CHAT_STRINGS, chatLanguage } from './chat-strings.js';
import type { TChatMessage, TChatOffline, TChatStart, TVisitorIdentity } from './chat.schemas.js';

/** A visitor sees at most this many messages of their conversation (a chat, not an archive). */
const VISIBLE_MESSAGES = 500;

type ChatInbox = NonNullable<Awaited<ReturnType<typeof findChatInbox>>>;

async function requireChatInbox(db: Db, ws: string, inboxId?: string): Promise<ChatInbox> {
  const hit = await findChatInbox(db, ws, inboxId);
  if (!hit) throw notFound('Chat');
  return hit;
}

/**
 * The visitor's proof of their conversation: an HMAC of workspace and conversation under a server
 * secret. Nothing is stored, it cannot be guessed from the ids, and it never opens another conversation.
 */
export async function chatToken(ctx: AppContext, ws: string, conversationId: string): Promise<string> {
  return createHmac('sha256', await serverSecret(ctx, 'chat-visitor')).update(`${ws}.${conversationId}`).digest('base64url');
}

/** The conversation a token opens; a wrong token, another workspace's id or a non-chat conversation is the same 404. */
export async function requireVisitorConversation(ctx: AppContext, ws: string, conversationId: string, token: string | undefined): Promise<ConversationRow> {
  const conv = await findConversation(ctx.db, ws, conversationId);
  if (!conv || !token || conv.channel !== 'chat' || !safeEqual(token, await chatToken(ctx, ws, conversationId))) throw notFound('Conversation');
  return conv;
}

/**
 * Whether a visitor can expect an answer now: someone has the Inbox page open (a presence heartbeat
 * within 45 s) and, when the inbox keeps business hours, the workspace is open now. Otherwise the
 * widget shows the offline form.
 */
export async function isChatOnline(ctx: AppContext, ws: string, settings: ChatSettingsRow, now = Date.now()): Promise<boolean> {
  if (realtimeHub(ctx.database).onlineCount(ws) === 0) return false;
  if (!settings.businessHoursOnly) return true;
  const cal = await serviceCalendar(ctx.db, ws);
  return openIntervals(localDayOf(now, cal.timeZone), cal).some(([a, b]) => a <= now && now < b);
}

/** What the chat window needs before the visitor writes: colour, greeting, strings, online or not. */
export async function getChatConfig(ctx: AppContext, ws: string, inboxId: string | undefined, lang: string | undefined) {
  const { inbox, settings } = await requireChatInbox(ctx.db, ws, inboxId);
  const language = chatLanguage(lang);
  const text = CHAT_STRINGS[language];
  const base = (lang ?? '').toLowerCase().split(/[-_]/)[0];
  const greeting = settings.greetings[lang ?? ''] ?? settings.greetings[base] ?? settings.greetings[language] ?? text.greeting;
  return { inboxId: inbox.id, color: settings.color, greeting, language, online: await isChatOnline(ctx, ws, settings), text: { ...text, title: inbox.name } };
}

const presentMessage = (m: { id: string; direction: 'in' | 'out'; text: string; sentAt: Date }): TChatMessage => ({ id: m.id, direction: m.direction, text: m.text, sentAt: m.sentAt.toISOString() });

/** The visitor's view of their conversation: both sides' messages, no internal notes, oldest first. */
export async function listVisitorMessages(ctx: AppContext, ws: string, conv: ConversationRow, after?: string) {
  const rows = await findVisibleMessages(ctx.db, ws, conv.id, VISIBLE_MESSAGES);
  const from = after ? rows.findIndex((r) => r.id === after) + 1 : 0;
  return { status: conv.status, data: rows.slice(from).map(presentMessage) };
}

function visitorCustomer(anonymousId: string | undefined, who: TVisitorIdentity | undefined): IncomingMessage['customer'] {
  const customer = { ...(who?.email ? { email: who.email } : {}), ...(who?.externalId ? { externalId: who.externalId } : {}), ...(anonymousId ? { anonymousId } : {}) };
  return Object.keys(customer).length ? customer : null;
}

function visitorMessage(text: string, over: Partial<IncomingMessage>): IncomingMessage {
  return { direction: 'in', text, fullText: text, subject: '', sender: null, contact: null, customer: null, externalId: null, inReplyTo: null, references: [], sentAt: new Date(), threadKey: `chat:${newId()}`, ...over };
}

/**
 * A visitor's first message opens a conversation in the chat inbox, resolved to a profile like any
 * event (the widget's anonymous id, and the e-mail or external id the site identified them with —
 * signed when the inbox asks for it). Routing, SLA and auto-acknowledge run as for every inbox.
 */
export async function startChat(ctx: AppContext, ws: string, input: TChatStart) {
  const { inbox, settings } = await requireChatInbox(ctx.db, ws, input.inboxId);
  if (input.visitor) checkIdentity(settings, input.visitor);
  const [stored] = await storeMessages(ctx, systemActor(ws, 'website chat'), inbox, [
    visitorMessage(input.text, {
      sender: input.visitor?.name ?? null,
      // Never the e-mail address: a conversation whose contact is an address gets its replies by mail.
      contact: input.visitor?.name ?? null,
      customer: visitorCustomer(input.anonymousId, input.visitor),
      language: input.language ?? null,
    }),
  ]);
  const conv = (await findConversation(ctx.db, ws, stored.conversationId))!;
  return { conversationId: conv.id, token: await chatToken(ctx, ws, conv.id), messages: (await listVisitorMessages(ctx, ws, conv)).data };
}

/** The visitor writes again; a resolved conversation opens again, as a mail answer does. */
export async function sendVisitorMessage(ctx: AppContext, ws: string, conv: ConversationRow, text: string): Promise<TChatMessage> {
  const { inbox } = await requireChatInbox(ctx.db, ws, conv.inboxId ?? undefined);
  const [stored] = await storeMessages(ctx, systemActor(ws, 'website chat'), inbox, [visitorMessage(text, { conversationId: conv.id, sender: conv.contact })]);
  return { id: stored.id, direction: 'in', text, sentAt: new Date().toISOString() };
}

/**
 * The site tells who the visitor is (kunde.identify): an event naming both the widget's anonymous id
 * and the e-mail / external id, so identity resolution merges the anonymous profile the conversation
 * hangs on into the known one, exactly as for tracked events.
 */
export async function identifyVisitor(ctx: AppContext, ws: string, conv: ConversationRow, who: TVisitorIdentity & { anonymousId?: string }): Promise<void> {
  const { settings } = await requireChatInbox(ctx.db, ws, conv.inboxId ?? undefined);
  checkIdentity(settings, who);
  const customer = visitorCustomer(who.anonymousId, who)!;
  const [result] = (
    await ingestEvents(ctx, systemActor(ws, 'website chat'), [
      {
        id: `chat:identify:${conv.id}:${sha256(`${who.email ?? ''}|${who.externalId ?? ''}`).slice(0, 24)}`,
        type: 'chat_identified',
        customer: conv.customerId && !who.anonymousId ? { ...customer, id: conv.customerId } : customer,
        occurredAt: new Date().toISOString(),
        channel: 'chat',
        properties: { conversationId: conv.id },
      },
    ])
  ).results;
  await ctx.db.transaction(async (tx) => {
    const set: Partial<ConversationRow> = {};
    if (!conv.customerId && result?.customerId) set.customerId = result.customerId;
    if (who.name && !conv.contact) set.contact = who.name;
    if (Object.keys(set).length) await updateConversationRow(tx, ws, conv.id, set);
  });
  announceConversations(ctx, ws, [conv.id], 'updated');
}

/**
 * The offline form: a conversation like any other, tagged `offline`, whose contact is the visitor's
 * e-mail address, so the agent's answer leaves by e-mail (threaded; the visitor's reply comes back
 * into it through the inbox's address).
 */
export async function leaveOfflineMessage(ctx: AppContext, ws: string, input: TChatOffline): Promise<{ conversationId: string }> {
  const { inbox } = await requireChatInbox(ctx.db, ws, input.inboxId);
  const [stored] = await storeMessages(ctx, systemActor(ws, 'website chat'), inbox, [
    visitorMessage(input.text, {
      sender: `${input.name} <${input.email}>`,
      contact: input.email,
      customer: visitorCustomer(input.anonymousId, { email: input.email }),
      language: input.language ?? null,
    }),
  ]);
  await ctx.db.transaction(async (tx) => {
    const conv = await findConversation(tx, ws, stored.conversationId, { lock: true });
    if (conv && !conv.tags.includes('offline')) await updateConversationRow(tx, ws, conv.id, { tags: [...conv.tags, 'offline'] });
  });
  return { conversationId: stored.conversationId };
}

export function assertChat(conv: ConversationRow): void {
  if (conv.channel !== 'chat') throw new AppError('conflict', 'Not a chat conversation.');
}

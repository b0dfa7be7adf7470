import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { sendMail, type OutboxEntry } from '../../platform/mail/mail.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { presentResolved } from '../../customers/customers.service.js';
import { findConversation, type ConversationRow } from '../conversations.queries.js';
import { findChatSettings, findVisibleMessages } from './chat.queries.js';
import { TRANSCRIPT_STRINGS } from './chat-strings.js';

export const TRANSCRIPT_MAIL_KIND = 'chat_transcript';
const isEmail = (v: string | null | undefined): v is string => !!v && /^[^\s@<>]+@[^\s@<>]+$/.test(v);

/** The visitor's address: the one they gave (offline form), else their profile's. */
async function visitorAddress(ctx: AppContext, ws: string, conv: ConversationRow): Promise<string | null> {
  if (isEmail(conv.contact)) return conv.contact;
  if (!conv.customerId) return null;
  const customer = await presentResolved(ctx.db, ws, conv.customerId).catch(() => null);
  return isEmail(customer?.email) ? customer.email : null;
}

/**
 * Writes the conversation (both sides' messages, no internal notes) to the mail outbox for the
 * visitor, in their language. Only once the team has answered: before that there is nothing to keep,
 * and a form that mails any text to any address on request would be a spam relay.
 */
export async function sendTranscript(ctx: AppContext, ws: string, conv: ConversationRow, to?: string): Promise<{ to: string }> {
  const address = to ?? (await visitorAddress(ctx, ws, conv));
  if (!address) throw new AppError('validation_failed', 'Which address should the conversation go to?', { errors: [{ path: 'body.email', message: 'required: the visitor has no known e-mail address' }] });
  const messages = await findVisibleMessages(ctx.db, ws, conv.id, 500);
  if (!messages.some((m) => m.direction === 'out')) throw new AppError('conflict', 'A transcript can be sent once the team has answered.');
  const s = TRANSCRIPT_STRINGS[(conv.language ?? 'en').split('-')[0]] ?? TRANSCRIPT_STRINGS.en;
  const name = (await getWorkspace(ctx.db, ws)).name;
  const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  const lines = messages.map((m) => `[${stamp(m.sentAt)} UTC] ${m.direction === 'in' ? s.you : s.team}:\n${m.text}`);
  let outbox: OutboxEntry | undefined;
  await ctx.db.transaction(async (tx) => {
    outbox = await sendMail(tx, ws, { to: address, subject: s.subject.replace('{name}', name), text: `${s.intro.replace('{name}', name)}\n\n${lines.join('\n\n')}\n`, kind: TRANSCRIPT_MAIL_KIND }, ctx);
  });
  await outbox?.deliver();
  return { to: address };
}

/**
 * After an agent resolves a chat, the visitor gets the transcript when the inbox says so and their
 * address is known. Offline-form conversations were answered by e-mail already. Never fails the resolve.
 */
export async function sendTranscriptOnResolve(ctx: AppContext, ws: string, conversationId: string): Promise<void> {
  const conv = await findConversation(ctx.db, ws, conversationId);
  if (!conv || conv.channel !== 'chat' || !conv.inboxId || conv.tags.includes('offline')) return;
  const settings = await findChatSettings(ctx.db, ws, conv.inboxId);
  if (!settings?.transcriptOnResolve || !(await visitorAddress(ctx, ws, conv))) return;
  await sendTranscript(ctx, ws, conv).catch((err: unknown) => {
    if (!(err instanceof AppError)) ctx.log.warn({ err, conversationId }, 'chat transcript not sent');
  });
}

import type { Actor, AppContext } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { sendMail, type OutboxEntry } from '../platform/mail/mail.service.js';
import { presentResolved } from '../customers/customers.service.js';
import { ingestEvents } from '../customers/ingest.service.js';
import { updateConversationRow } from './conversations.queries.js';
import { findInbox } from './inbox.queries.js';
import { findLastThreadedMessage, findMessagesById, insertMessages } from './messages.queries.js';
import { presentMessages, requireConversation } from './conversations.service.js';
import { inboundDomain } from './inboxes.service.js';
import { baseSubject } from './store-messages.js';
import type { TMessage, TReply } from './inbox.schemas.js';
import type { ConversationRow } from './conversations.queries.js';
import type { Db } from '../platform/db/client.js';
import { deleteDraft } from './drafts.queries.js';
import { announceConversations } from './realtime.js';
import { messagesStored } from './webhooks/webhook-events.js';
import { claimReplyAttachments } from './reply-attachments.js';
import { AppError } from '../platform/errors.js';

const isEmail = (v: string | null | undefined): v is string => !!v && /^[^\s@<>]+@[^\s@<>]+$/.test(v);

/** Where an e-mail reply goes: the address the customer wrote from, else the profile's e-mail. */
async function replyAddress(db: Db, ws: string, conv: ConversationRow): Promise<string | null> {
  if (isEmail(conv.contact)) return conv.contact;
  if (conv.channel !== 'email' && conv.kind !== 'follow_up') return null;
  if (!conv.customerId) return null;
  try {
    const customer = await presentResolved(db, ws, conv.customerId);
    return isEmail(customer.email) ? customer.email : null;
  } catch {
    return null;
  }
}

/**
 * An agent's reply (or internal note) on a conversation. A reply on an e-mail conversation (or a
 * follow-up with a known address) is written to the mail outbox in the same transaction, with a
 * Message-ID of our own and In-Reply-To/References naming the customer's last mail, so the
 * customer's client threads it and their answer threads back here (Reply-To is the inbox address).
 * On other channels (imported tweets, reviews) the reply is recorded as made elsewhere. The first
 * reply stamps firstResponseAt. Files uploaded to the conversation and named in `attachmentIds` go on
 * the message and, for e-mail, into the outbox row by reference (the bytes stay in inbox_attachments,
 * so a queued mail survives a restart); a reply that reaches nobody (another channel, no address)
 * cannot carry files, as the agent would believe them sent.
 */
export async function replyToConversation(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  input: TReply,
  // An automated message (the CSAT link posted in a chat) answers nobody: it never stamps firstResponseAt.
  opts: { automated?: boolean } = {},
): Promise<TMessage> {
  const ws = actor.workspaceId;
  const id = newId();
  const sentAt = new Date();
  let outbox: OutboxEntry | undefined;
  const conv = await ctx.db.transaction(async (tx) => {
    const conv = await requireConversation(tx, ws, conversationId, { lock: true });
    const inbox = conv.inboxId ? await findInbox(tx, ws, conv.inboxId) : undefined;
    const to = input.internal ? null : await replyAddress(tx, ws, conv);
    const parent = to ? await findLastThreadedMessage(tx, ws, conv.id) : undefined;
    const messageId = to ? `<${id}@${inboundDomain(ctx.config)}>` : null;
    // The thread's root first, so clients thread the reply even when the last mail came without References.
    const root = conv.threadKey && /^<[^<>\s]+>$/.test(conv.threadKey) ? [conv.threadKey] : [];
    const references = parent?.externalId ? [...new Set([...root, ...parent.references, parent.externalId])].slice(-20) : [];
    if (input.attachmentIds.length && !input.internal && !to) {
      throw new AppError('validation_failed', 'Files can be sent with e-mail replies and kept on internal notes; this reply goes to no e-mail address.', {
        errors: [{ path: 'body.attachmentIds', message: 'only on e-mail replies and internal notes' }],
      });
    }
    const files = await claimReplyAttachments(tx, ctx.config, ws, conv.id, id, input.attachmentIds);
    if (to) {
      outbox = await sendMail(
        tx,
        ws,
        {
          to,
          subject: `Re: ${baseSubject(conv.subject) || 'your message'}`,
          text: input.text,
          kind: 'inbox_reply',
          attachments: files,
          headers: {
            'Message-ID': messageId!,
            ...(inbox ? { 'Reply-To': inbox.address } : {}),
            ...(parent?.externalId ? { 'In-Reply-To': parent.externalId, References: references.join(' ') } : {}),
          },
        },
        ctx,
      );
    }
    await insertMessages(tx, [
      {
        workspaceId: ws,
        id,
        conversationId: conv.id,
        inboxId: conv.inboxId,
        direction: 'out',
        isInternal: input.internal,
        text: input.text,
        fullText: input.text,
        sender: actor.label,
        senderUserId: actor.userId ?? null,
        externalId: messageId,
        inReplyTo: parent?.externalId ?? null,
        references,
        outboxId: outbox?.id ?? null,
        attachmentCount: files.length,
        sentAt,
      },
    ]);
    // The row is locked FOR UPDATE, so its count plus one is exact.
    await updateConversationRow(tx, ws, conv.id, {
      messageCount: conv.messageCount + 1,
      lastMessageAt: sentAt,
      ...(!input.internal && !opts.automated && !conv.firstResponseAt ? { firstResponseAt: sentAt } : {}),
    });
    // The draft this reply was typed in is done with.
    if (actor.userId ?? actor.apiKeyId) await deleteDraft(tx, ws, conv.id, (actor.userId ?? actor.apiKeyId)!);
    return conv;
  });
  announceConversations(ctx, ws, [conv.id], 'message');
  await outbox?.deliver();
  await messagesStored(ctx, ws, [id]);
  if (!input.internal && conv.customerId) {
    // The timeline is derived data: a failure here never undoes the reply.
    await ingestEvents(ctx, actor, [
      {
        id: `inbox:reply:${id}`,
        type: 'conversation_message',
        customer: { id: conv.customerId },
        occurredAt: sentAt.toISOString(),
        channel: conv.channel.slice(0, 50),
        properties: { conversationId: conv.id, messageId: id, inboxId: conv.inboxId, direction: 'out', subject: conv.subject.slice(0, 300), excerpt: input.text.slice(0, 280) },
      },
    ]).catch((err: unknown) => ctx.log.warn({ err, conversationId: conv.id }, 'reply not added to the customer timeline'));
  }
  return (await presentMessages(ctx.db, ws, await findMessagesById(ctx.db, ws, [id])))[0];
}

import type { Actor, AppContext } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { requireInbox } from './inboxes.service.js';
import { storeMessages, type StoredMessage } from './store-messages.js';
import type { TExternalMessage } from './inbox.schemas.js';

/** The address or handle replies to a customer go to. */
function contactOf(c: TExternalMessage['customer']): string | null {
  if (!c) return null;
  return c.email ?? (c.social ? Object.values(c.social)[0] : undefined) ?? c.phone ?? c.externalId ?? null;
}

/**
 * A message from another system (a helpdesk, a chat tool, a review site). It joins the named
 * conversation, else the conversation of the message it answers (`inReplyTo`/`references`), else a
 * new one; the same `messageId` twice in one inbox is stored once.
 */
export async function createExternalMessage(ctx: AppContext, actor: Actor, input: TExternalMessage): Promise<StoredMessage> {
  const inbox = await requireInbox(ctx.db, actor.workspaceId, input.inboxId);
  const references = input.references ?? [];
  const [stored] = await storeMessages(ctx, actor, inbox, [
    {
      direction: input.direction,
      internal: input.internal,
      text: input.text,
      fullText: input.text,
      subject: input.subject ?? '',
      sender: input.sender ?? contactOf(input.customer),
      contact: contactOf(input.customer),
      customer: input.customer ?? null,
      externalId: input.messageId ?? null,
      inReplyTo: input.inReplyTo ?? null,
      references,
      sentAt: input.sentAt ? new Date(input.sentAt) : new Date(),
      threadKey: references[0] ?? input.inReplyTo ?? input.messageId ?? newId(),
      conversationId: input.conversationId,
    },
  ]);
  return stored;
}

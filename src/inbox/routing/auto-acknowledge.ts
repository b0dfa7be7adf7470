import type { AppContext } from '../../platform/context.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { sendMail, type OutboxEntry } from '../../platform/mail/mail.service.js';
import { bumpMessageCounts, type ConversationRow } from '../conversations.queries.js';
import { findInbox } from '../inbox.queries.js';
import { inboundDomain } from '../inboxes.service.js';
import { findLastThreadedMessage, insertMessages } from '../messages.queries.js';
import { baseSubject } from '../store-messages.js';
import { acknowledgement } from './acknowledge-strings.js';

const isEmail = (v: string | null | undefined): v is string => !!v && /^[^\s@<>]+@[^\s@<>]+$/.test(v);

/**
 * Tells the customer their message arrived and when to expect an answer (the first-response due time),
 * in their language. E-mail goes through the outbox, threaded on the customer's mail; on chat the note
 * is added to the thread for the widget to show. Other channels (imports, API) are not acknowledged:
 * Kunde cannot reach the customer there. The acknowledgement is automatic, so it does not count as the
 * first response.
 */
export async function acknowledgeConversation(ctx: AppContext, conv: ConversationRow, due: Date, timeZone: string, language: string | null): Promise<void> {
  const ws = conv.workspaceId;
  const isMail = conv.channel === 'email' && isEmail(conv.contact);
  if (!isMail && conv.channel !== 'chat') return;
  const ack = acknowledgement(language, due, timeZone);
  const id = newId();
  let outbox: OutboxEntry | undefined;
  await writeTransaction(ctx, async (tx) => {
    const messageId = isMail ? `<${id}@${inboundDomain(ctx.config)}>` : null;
    const parent = isMail ? await findLastThreadedMessage(tx, ws, conv.id) : undefined;
    const references = parent?.externalId ? [...new Set([...parent.references, parent.externalId])].slice(-20) : [];
    if (isMail) {
      const inbox = conv.inboxId ? await findInbox(tx, ws, conv.inboxId) : undefined;
      outbox = await sendMail(
        tx,
        ws,
        {
          to: conv.contact!,
          subject: `Re: ${baseSubject(conv.subject) || ack.subject}`,
          text: ack.text,
          kind: 'inbox_acknowledgement',
          headers: {
            'Message-ID': messageId!,
            'Auto-Submitted': 'auto-replied',
            ...(inbox ? { 'Reply-To': inbox.address } : {}),
            ...(parent?.externalId ? { 'In-Reply-To': parent.externalId, References: references.join(' ') } : {}),
          },
        },
        ctx,
      );
    }
    await insertMessages(tx, [
      { workspaceId: ws, id, conversationId: conv.id, inboxId: conv.inboxId, direction: 'out', text: ack.text, fullText: ack.text, sender: 'auto-acknowledge', externalId: messageId, inReplyTo: parent?.externalId ?? null, references, outboxId: outbox?.id ?? null },
    ]);
    await bumpMessageCounts(tx, ws, new Map([[conv.id, { n: 1, last: new Date(), reopen: false }]]));
  });
  await outbox?.deliver();
}

import type { AppContext } from '../platform/context.js';
import { systemActor } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { findInboxByLocalPart, type InboxRow } from './inbox.queries.js';
import { parseInboundMail } from './parse-mail.js';
import { storeMessages, type StoredMessage } from './store-messages.js';

/** The inbox an address belongs to; the domain is not checked, so mail forwarded under another domain still lands. */
export async function inboxForAddress(db: Db, address: string): Promise<InboxRow | undefined> {
  const at = address.lastIndexOf('@');
  const local = (at > 0 ? address.slice(0, at) : address).trim().toLowerCase();
  // "support-abc+anything@" (sub-addressing) reaches "support-abc@".
  return local ? findInboxByLocalPart(db, local.split('+')[0]) : undefined;
}

export interface IntakeResult {
  delivered: (StoredMessage & { inboxId: string; workspaceId: string })[];
  /** Recipients that are no inbox of any workspace. */
  unknown: string[];
}

/**
 * Takes one raw e-mail into every inbox it is addressed to: from the SMTP receiver (with the SMTP
 * envelope's recipients) or piped from an MTA (`kunde inbox deliver`, recipients from --to or the
 * headers). The sender becomes (or is matched to) a customer by e-mail address.
 */
export async function deliverInboundMail(ctx: AppContext, raw: Buffer, envelopeRecipients?: string[]): Promise<IntakeResult> {
  const mail = await parseInboundMail(raw);
  const recipients = envelopeRecipients?.length ? envelopeRecipients : mail.recipients;
  const out: IntakeResult = { delivered: [], unknown: [] };
  const seen = new Set<string>();
  for (const rcpt of recipients) {
    const inbox = await inboxForAddress(ctx.db, rcpt);
    if (!inbox) {
      out.unknown.push(rcpt);
      continue;
    }
    if (seen.has(inbox.id)) continue;
    seen.add(inbox.id);
    const [stored] = await storeMessages(ctx, systemActor(inbox.workspaceId, 'inbox mail'), inbox, [
      {
        direction: 'in',
        text: mail.text,
        fullText: mail.fullText,
        subject: mail.subject,
        sender: mail.from ? (mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address) : null,
        contact: mail.from?.address ?? null,
        customer: mail.from ? { email: mail.from.address } : null,
        externalId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        sentAt: mail.sentAt,
        threadKey: mail.references[0] ?? mail.inReplyTo ?? mail.messageId,
        // A client that dropped the headers but kept "Re:" still continues the thread.
        matchSubject: !mail.inReplyTo && mail.references.length === 0 && /^\s*(re|aw|sv|fw|fwd|wg|vs)\s*:/i.test(mail.subject),
        attachments: mail.attachments,
      },
    ]);
    out.delivered.push({ ...stored, inboxId: inbox.id, workspaceId: inbox.workspaceId });
  }
  return out;
}

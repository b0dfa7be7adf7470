import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { MAX_MESSAGE_CHARS } from './inbox.schemas.js';

/** A received e-mail, reduced to what the inbox stores. */
export interface ParsedInboundMail {
  from: { address: string; name: string | null } | null;
  /** Every address the mail names as recipient (To, Cc, Delivered-To). */
  recipients: string[];
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** The new part of the message, quoted history removed; and the whole body. */
  text: string;
  fullText: string;
  sentAt: Date;
  attachments: { fileName: string; contentType: string; content: Buffer }[];
}

const addresses = (v: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).flatMap((o) => o.value.flatMap((a) => (a.address ? [a.address.toLowerCase()] : [])));

/** "<a@x> <b@y>" or ["<a@x>", …] → ["<a@x>", "<b@y>"]; clients differ in how they fold References. */
function messageIds(v: string | string[] | undefined): string[] {
  const all = (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.match(/<[^<>\s]+>/g) ?? []);
  return [...new Set(all)].slice(-50);
}

// Lines that start the quoted copy of an earlier mail in the common clients (Gmail, Apple Mail,
// Thunderbird: "On … wrote:"; Danish/German/Turkish variants; Outlook's separator and header block).
const QUOTE_HEADER = [
  /^\s*On .{1,200}(wrote|schrieb|skrev|yazdı):\s*$/i,
  /^\s*(Den|Am|Le|El) .{1,200}(skrev|schrieb|a écrit|escribió)\b.*:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Oprindelig meddelelse|Ursprüngliche Nachricht)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*From:\s.+$/i,
];

/**
 * The part of a reply the customer actually wrote: everything before the first quote header or the
 * first block of "> " lines that runs to the end. Falls back to the whole text if that leaves nothing,
 * so a mail that is only a quote (a forward) still shows.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (QUOTE_HEADER.some((re) => re.test(lines[i]))) {
      cut = i;
      break;
    }
    if (/^\s*>/.test(lines[i]) && lines.slice(i).every((l) => /^\s*(>|$)/.test(l))) {
      cut = i;
      break;
    }
  }
  const kept = lines.slice(0, cut).join('\n').trim();
  return kept || text.trim();
}

/**
 * Parses a raw RFC 5322 message (mailparser: MIME, charsets, encoded words; HTML-only mail is turned
 * into text). A mail without a Message-ID gets one derived from its bytes, so delivering the same
 * mail twice still stores it once.
 */
export async function parseInboundMail(raw: Buffer): Promise<ParsedInboundMail> {
  const m = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const sender = m.from?.value[0];
  const fullText = (m.text ?? '').trim().slice(0, MAX_MESSAGE_CHARS);
  const delivered = m.headers.get('delivered-to');
  return {
    from: sender?.address ? { address: sender.address.toLowerCase(), name: sender.name || null } : null,
    recipients: [...new Set([...addresses(m.to), ...addresses(m.cc), ...(typeof delivered === 'string' ? [delivered.toLowerCase()] : [])])],
    subject: (m.subject ?? '').slice(0, 998),
    messageId: messageIds(m.messageId)[0] ?? `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@kunde.generated>`,
    inReplyTo: messageIds(m.inReplyTo)[0] ?? null,
    references: messageIds(m.references),
    text: stripQuotedText(fullText).slice(0, MAX_MESSAGE_CHARS),
    fullText,
    sentAt: m.date && !Number.isNaN(m.date.getTime()) && m.date.getTime() < Date.now() + 86_400_000 ? m.date : new Date(),
    attachments: m.attachments.map((a) => ({ fileName: a.filename ?? 'attachment', contentType: a.contentType || 'application/octet-stream', content: a.content })),
  };
}

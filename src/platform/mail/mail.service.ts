import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { idCursor, pageOf } from '../http/cursor.js';
import { mailOutbox } from './mail.tables.js';
import { deliverMailJob } from './mail.jobs.js';
import type { MailAttachmentRef } from './mail-attachments.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is for ('invitation', 'survey', …): lets the outbox be filtered and audited. */
  kind: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  /** Stored files sent as MIME attachments, by reference (see mail-attachments.ts). */
  attachments?: MailAttachmentRef[];
}

export interface OutboxEntry {
  workspaceId: string;
  id: string;
  status: 'queued' | 'kept';
  /** Hands the mail to the delivery job; call it after the transaction that wrote the row commits. */
  deliver(): Promise<void>;
}

export type MailContext = Pick<AppContext, 'config' | 'jobs'>;

/**
 * Writes an e-mail to the outbox — pass the use case's transaction so the mail exists exactly when
 * the change that caused it does. Without SMTP_URL the row is 'kept' for the dashboard to show;
 * with it the row is 'queued' and `deliver()` (after commit: enqueuing inside a transaction would
 * deadlock PGlite's single connection) starts delivery. A crash between commit and `deliver()`
 * is repaired by the stranded-mail sweep.
 */
export async function sendMail(db: Db, workspaceId: string, mail: OutgoingMail, ctx: MailContext): Promise<OutboxEntry> {
  const id = newId();
  const status = ctx.config.SMTP_URL ? 'queued' : 'kept';
  await db.insert(mailOutbox).values({
    workspaceId,
    id,
    toAddress: mail.to,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html ?? null,
    kind: mail.kind,
    headers: mail.headers ?? null,
    attachments: mail.attachments?.length ? mail.attachments : null,
    status,
  });
  return {
    workspaceId,
    id,
    status,
    deliver: async () => (status === 'queued' ? queueOutboxDelivery(ctx, [{ workspaceId, id }]) : undefined),
  };
}

/** Enqueues delivery of outbox rows that were committed as 'queued'. */
export async function queueOutboxDelivery(ctx: Pick<AppContext, 'jobs'>, mails: { workspaceId: string; id: string }[]): Promise<void> {
  for (const m of mails) await ctx.jobs.send(deliverMailJob, { workspaceId: m.workspaceId, outboxId: m.id });
}

export interface OutboxQuery {
  cursor?: string;
  limit: number;
}

/** Newest first; the cursor holds the id of the last mail of the previous page (ids are time-ordered). */
export async function listOutbox(db: Db, workspaceId: string, q: OutboxQuery) {
  const before = idCursor.decode('outbox', q.cursor);
  const rows = await db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      text: mailOutbox.textBody,
      kind: mailOutbox.kind,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.workspaceId, workspaceId), before ? lt(mailOutbox.id, before) : undefined))
    .orderBy(desc(mailOutbox.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => idCursor.encode('outbox', last.id));
}

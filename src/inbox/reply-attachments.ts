import { z } from 'zod';
import type { Actor, AppContext } from '../platform/context.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { defineJob } from '../platform/jobs/queue.js';
import type { MailAttachmentFile, MailAttachmentRef } from '../platform/mail/mail-attachments.js';
import { requireConversation } from './conversations.service.js';
import { claimUploads, deletePendingUpload, deleteStaleUploads, findAttachmentFiles, findPendingUploads, insertUpload } from './reply-attachments.queries.js';
import type { TAttachment } from './inbox.schemas.js';

/** The source name of inbox files in the mail outbox's attachment references. */
export const INBOX_MAIL_ATTACHMENTS = 'inbox';
/** Uploads not sent with a reply within this many hours are deleted. */
export const STALE_UPLOAD_HOURS = 24;

const tooLarge = (what: string, limit: number) =>
  new AppError('payload_too_large', `${what} is larger than the ${limit} bytes allowed.`, { limit });

/** A file name safe to keep and to put in a MIME header: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'attachment').slice(0, 255);
}

/** A declared content type, or application/octet-stream when it is missing or not of the form type/subtype. */
export const cleanContentType = (type: string | undefined): string =>
  type && /^[a-z0-9][\w.+-]*\/[\w.+-]+$/i.test(type) && type.length <= 255 ? type.toLowerCase() : 'application/octet-stream';

/**
 * Stores a file an agent attaches to a reply still being written. It belongs to the conversation but to
 * no message until a reply names it (`attachmentIds`); a file over INBOX_ATTACHMENT_MAX_BYTES is 413.
 */
export async function uploadReplyAttachment(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  file: { fileName: string | undefined; contentType: string | undefined; content: Buffer },
): Promise<TAttachment> {
  const ws = actor.workspaceId;
  if (file.content.length > ctx.config.INBOX_ATTACHMENT_MAX_BYTES) throw tooLarge('The file', ctx.config.INBOX_ATTACHMENT_MAX_BYTES);
  if (file.content.length === 0) throw new AppError('validation_failed', 'The file is empty.', { errors: [{ path: 'body.file', message: 'is empty' }] });
  return ctx.db.transaction(async (tx) => {
    const conv = await requireConversation(tx, ws, conversationId);
    return insertUpload(tx, {
      workspaceId: ws,
      id: newId(),
      messageId: null,
      conversationId: conv.id,
      fileName: cleanFileName(file.fileName),
      contentType: cleanContentType(file.contentType),
      size: file.content.length,
      content: file.content,
    });
  });
}

/** Removes a file from a reply before it is sent; a file already sent with a message stays (409). */
export async function removeReplyAttachment(ctx: AppContext, actor: Actor, conversationId: string, attachmentId: string): Promise<void> {
  const ws = actor.workspaceId;
  await ctx.db.transaction(async (tx) => {
    await requireConversation(tx, ws, conversationId);
    const outcome = await deletePendingUpload(tx, ws, conversationId, attachmentId);
    if (outcome === 'missing') throw notFound('Attachment');
    if (outcome === 'sent') throw new AppError('conflict', 'The attachment was sent with a message and stays with it.');
  });
}

/**
 * Puts the uploads a reply names on its message, inside the reply's transaction. Each must be an upload
 * of this conversation not yet sent (another conversation's or workspace's id is refused like an unknown
 * one: 422), and all together at most INBOX_REPLY_ATTACHMENTS_MAX_BYTES (413). Returns the outbox
 * references in the order named.
 */
export async function claimReplyAttachments(
  tx: Db,
  config: Pick<Config, 'INBOX_REPLY_ATTACHMENTS_MAX_BYTES'>,
  ws: string,
  conversationId: string,
  messageId: string,
  ids: string[],
): Promise<MailAttachmentRef[]> {
  if (ids.length === 0) return [];
  const pending = await findPendingUploads(tx, ws, conversationId, ids);
  const known = new Set(pending.map((p) => p.id));
  const errors = ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `body.attachmentIds.${i}`, message: 'is not a file uploaded to this conversation and waiting to be sent' }]));
  if (errors.length) throw new AppError('validation_failed', 'Some attachments are not uploads of this conversation waiting to be sent.', { errors });
  const total = pending.reduce((n, p) => n + p.size, 0);
  if (total > config.INBOX_REPLY_ATTACHMENTS_MAX_BYTES) throw tooLarge('The attachments of one reply together are', config.INBOX_REPLY_ATTACHMENTS_MAX_BYTES);
  const claimed = await claimUploads(tx, ws, conversationId, ids, messageId);
  // A concurrent reply took some of them between the read and the update.
  if (claimed.length !== ids.length) throw new AppError('conflict', 'Some attachments were just sent with another reply.');
  return ids.map((id) => ({ source: INBOX_MAIL_ATTACHMENTS, id }));
}

/** The outbox's loader for inbox files (registered in src/modules.ts). */
export async function loadInboxMailAttachments(db: Db, ws: string, ids: string[]): Promise<MailAttachmentFile[]> {
  return findAttachmentFiles(db, ws, ids);
}

/** Hourly: uploads of composers closed without sending are deleted after a day. */
export const staleUploadSweepJob = defineJob({
  name: 'inbox-stale-upload-sweep',
  payload: z.object({}),
  cron: '17 * * * *',
  policy: 'singleton',
  handler: async (ctx) => ({ deleted: await deleteStaleUploads(ctx.db, STALE_UPLOAD_HOURS) }),
});

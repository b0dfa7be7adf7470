import { and, asc, eq, lt, lte, sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import type { JobRun } from '../jobs/queue.js';
import { mailOutbox } from './mail.tables.js';
import { notifyMailOutcome } from './mail-outcomes.js';
import { loadMailAttachments, MailAttachmentMissing } from './mail-attachments.js';

// An unreachable or stalled SMTP server must fail the attempt, not hold a worker for minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * One delivery attempt of an outbox row. The row is claimed by bumping `attempts` only while
 * `attempts <= run.retryCount`: if the stranded-mail sweep ever enqueued a second job for a row,
 * exactly one job's chain of attempts wins and the other finds nothing to do, so nobody gets the
 * mail twice. On the last retry a failure is final and the row becomes 'failed'.
 */
export async function deliverOutboxMail(
  ctx: AppContext,
  target: { workspaceId: string; outboxId: string },
  run: JobRun,
  retryLimit: number,
): Promise<{ status: string; messageId?: string; error?: string }> {
  const where = and(eq(mailOutbox.workspaceId, target.workspaceId), eq(mailOutbox.id, target.outboxId));
  const smtpUrl = ctx.config.SMTP_URL;
  if (!smtpUrl) {
    // SMTP was switched off after the mail was queued: keep it visible rather than fail it.
    await ctx.db.update(mailOutbox).set({ status: 'kept' }).where(and(where, eq(mailOutbox.status, 'queued')));
    return { status: 'kept' };
  }
  const [mail] = await ctx.db
    .update(mailOutbox)
    .set({ attempts: sql`${mailOutbox.attempts} + 1` })
    .where(and(where, eq(mailOutbox.status, 'queued'), lte(mailOutbox.attempts, run.retryCount)))
    .returning();
  if (!mail) return { status: 'skipped' };
  try {
    const files = mail.attachments?.length ? await loadMailAttachments(ctx.db, mail.workspaceId, mail.attachments) : [];
    const transport = createTransport({ url: smtpUrl, ...TIMEOUTS });
    const info = await transport.sendMail({
      from: ctx.config.MAIL_FROM,
      to: mail.toAddress,
      subject: mail.subject,
      text: mail.textBody,
      html: mail.htmlBody ?? undefined,
      headers: mail.headers ?? undefined,
      attachments: files.length ? files.map((f) => ({ filename: f.fileName, contentType: f.contentType, content: f.content })) : undefined,
    });
    await ctx.db.update(mailOutbox).set({ status: 'sent', sentAt: sql`now()`, lastError: null }).where(where);
    await notifyMailOutcome(ctx, { workspaceId: mail.workspaceId, outboxId: mail.id, kind: mail.kind, status: 'sent' });
    return { status: 'sent', messageId: info.messageId };
  } catch (err) {
    // A 5xx reply ("550 no such user") is the server's final word: retrying for hours changes nothing.
    const code = (err as { responseCode?: unknown }).responseCode;
    // So is a file of the mail that no longer exists.
    const isPermanent = (typeof code === 'number' && code >= 500 && code < 600) || err instanceof MailAttachmentMissing;
    const isFinal = isPermanent || run.retryCount >= retryLimit;
    const error = String((err as Error).message ?? err).slice(0, 1000);
    await ctx.db.update(mailOutbox).set({ lastError: error, status: isFinal ? 'failed' : 'queued' }).where(where);
    if (isFinal) await notifyMailOutcome(ctx, { workspaceId: mail.workspaceId, outboxId: mail.id, kind: mail.kind, status: 'failed', error, isPermanent });
    if (isPermanent) return { status: 'failed', error };
    throw err;
  }
}

/**
 * Queued mails never attempted long after they were written: their process most likely stopped
 * between committing the row and enqueuing its job. Cross-workspace and unindexed on purpose
 * (tenant indexes lead with workspace_id); it runs rarely and returns a bounded page.
 */
export async function findStrandedMail(db: Db, olderThanMinutes: number, limit = 200) {
  return db
    .select({ workspaceId: mailOutbox.workspaceId, id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.status, 'queued'),
        eq(mailOutbox.attempts, 0),
        lt(mailOutbox.createdAt, sql`now() - make_interval(mins => ${olderThanMinutes})`),
      ),
    )
    .orderBy(asc(mailOutbox.createdAt))
    .limit(limit);
}

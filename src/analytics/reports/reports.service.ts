import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { sendMail, type OutboxEntry } from '../../platform/mail/mail.service.js';
import { recordAudit } from '../../audit/audit.service.js';
import { listMembers } from '../../accounts/members.service.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import type { TDigestSettingsInput } from './reports.schemas.js';
import { findDigest, lockDigest, markDigestSent, upsertDigest } from './reports.queries.js';
import { buildDigest } from './build-digest.js';
import { renderDigest } from './render-digest.js';

export const DIGEST_MAIL_KIND = 'report-digest';

/** The digest settings with the members who can be chosen (defaults before the first save). */
export async function getDigestSettings(db: Db, workspaceId: string) {
  const [row, members] = await Promise.all([findDigest(db, workspaceId), listMembers(db, workspaceId)]);
  return {
    isEnabled: row?.isEnabled ?? false,
    frequency: row?.frequency ?? 'weekly',
    recipients: row?.recipients ?? [],
    lastSentPeriod: row?.lastSentPeriod ?? null,
    lastSentAt: row?.lastSentAt ?? null,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email })),
  };
}

/** Saves the digest settings; every recipient must be a member of this workspace (else 422). Audited. */
export async function updateDigestSettings(db: Db, actor: Actor, input: TDigestSettingsInput) {
  const members = new Set((await listMembers(db, actor.workspaceId)).map((m) => m.userId));
  const strangers = input.recipients.filter((id) => !members.has(id));
  if (strangers.length > 0) {
    throw new AppError('validation_failed', 'Digest recipients must be members of this workspace.', {
      errors: strangers.map(() => ({ path: 'body.recipients', message: 'not a member of this workspace' })),
    });
  }
  const recipients = [...new Set(input.recipients)];
  await db.transaction(async (tx) => {
    await upsertDigest(tx, actor.workspaceId, { isEnabled: input.isEnabled, frequency: input.frequency, recipients, updatedBy: actor.label });
    await recordAudit(tx, actor, { action: 'report_digest.updated', targetType: 'report_digest', details: { isEnabled: input.isEnabled, frequency: input.frequency, recipients: recipients.length } });
  });
  return getDigestSettings(db, actor.workspaceId);
}

/**
 * Builds the digest of the newest complete period and mails it to the chosen members still in the
 * workspace, through the outbox. `onlyIfDue`: the scheduled sweep sends a period once (the row is locked
 * and marked in the same transaction as the outbox rows); "send now" always sends.
 */
export async function sendDigest(ctx: AppContext, workspaceId: string, opts: { onlyIfDue: boolean; now?: Date }) {
  const settings = await findDigest(ctx.db, workspaceId);
  const frequency = settings?.frequency ?? 'weekly';
  const digest = await buildDigest(ctx, workspaceId, frequency, opts.now);
  if (opts.onlyIfDue && (!settings?.isEnabled || settings.lastSentPeriod === digest.period.from)) return { digest, sentTo: [] as string[] };
  const [workspace, members] = await Promise.all([getWorkspace(ctx.db, workspaceId), listMembers(ctx.db, workspaceId)]);
  const chosen = new Set(settings?.recipients ?? []);
  const to = members.filter((m) => chosen.has(m.userId)).map((m) => m.email);
  const mail = renderDigest(digest, workspace.name, workspace.defaultLanguage);
  const queued: OutboxEntry[] = [];
  const sent = await ctx.db.transaction(async (tx) => {
    const locked = await lockDigest(tx, workspaceId);
    if (opts.onlyIfDue && locked?.lastSentPeriod === digest.period.from) return false;
    for (const address of to) queued.push(await sendMail(tx, workspaceId, { to: address, ...mail, kind: DIGEST_MAIL_KIND }, ctx));
    if (locked) await markDigestSent(tx, workspaceId, digest.period.from);
    return true;
  });
  for (const q of queued) await q.deliver();
  return { digest, sentTo: sent ? to : [] };
}

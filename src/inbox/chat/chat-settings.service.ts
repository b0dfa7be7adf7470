import { createHmac } from 'node:crypto';
import type { Actor, AppContext } from '../../platform/context.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { safeEqual } from '../../platform/ids.js';
import { requireInbox } from '../inboxes.service.js';
import { findChatInbox, findChatSettings, updateChatSettingsRow, type ChatSettingsRow } from './chat.queries.js';
import { chatSnippet } from './chat-snippet.js';
import type { TChatSettings, TChatSettingsPatch, TVisitorIdentity } from './chat.schemas.js';

const present = (config: Pick<Config, 'publicUrl'>, r: ChatSettingsRow): TChatSettings => ({
  inboxId: r.inboxId,
  color: r.color,
  greetings: r.greetings,
  businessHoursOnly: r.businessHoursOnly,
  transcriptOnResolve: r.transcriptOnResolve,
  requireIdentityHash: r.requireIdentityHash,
  identitySecret: r.identitySecret,
  snippet: chatSnippet(config, r.workspaceId, r.inboxId),
});

async function requireChatSettings(db: Db, ws: string, inboxId: string): Promise<ChatSettingsRow> {
  const inbox = await requireInbox(db, ws, inboxId);
  if (inbox.type !== 'chat') throw new AppError('conflict', 'Only a chat inbox has website chat settings.');
  const row = await findChatSettings(db, ws, inboxId);
  if (!row) throw notFound('Chat settings');
  return row;
}

/** A chat inbox's look, greetings, availability rule, identity secret and snippet (members who manage inboxes see the secret). */
export async function getChatSettings(ctx: AppContext, actor: Actor, inboxId: string): Promise<TChatSettings> {
  return present(ctx.config, await requireChatSettings(ctx.db, actor.workspaceId, inboxId));
}

/** Changes a chat inbox's settings in one transaction with its audit entry (the secret is never logged). */
export async function updateChatSettings(ctx: AppContext, actor: Actor, inboxId: string, patch: TChatSettingsPatch): Promise<TChatSettings> {
  const ws = actor.workspaceId;
  await ctx.db.transaction(async (tx) => {
    await requireChatSettings(tx, ws, inboxId);
    await updateChatSettingsRow(tx, ws, inboxId, patch);
    await ctx.audit(tx, actor, { action: 'inbox.chat.updated', targetType: 'inbox', targetId: inboxId, details: { ...patch } });
  });
  return getChatSettings(ctx, actor, inboxId);
}

/** Whether the workspace has a chat inbox: the survey widget fetches /chat.js only then. */
export async function hasChatInbox(db: Db, workspaceId: string): Promise<boolean> {
  return !!(await findChatInbox(db, workspaceId));
}

/** The hex HMAC-SHA256 a site's server computes for an identity: over the external id if given, else the e-mail. */
export const identityHash = (secret: string, who: Pick<TVisitorIdentity, 'email' | 'externalId'>): string =>
  createHmac('sha256', secret).update(who.externalId ?? who.email ?? '').digest('hex');

/**
 * An identity a visitor claims is believed only if the inbox does not ask for proof, or the proof (the
 * hash the site's server signed) matches; otherwise anyone could attach their chat to another's profile.
 */
export function checkIdentity(settings: ChatSettingsRow, who: TVisitorIdentity): void {
  if (!settings.requireIdentityHash || (!who.email && !who.externalId)) return;
  if (!who.hash || !safeEqual(who.hash.toLowerCase(), identityHash(settings.identitySecret, who))) {
    throw new AppError('forbidden', 'The identity is not signed with this chat inbox’s identity secret.');
  }
}

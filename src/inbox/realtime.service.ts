import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { listMembers } from '../accounts/members.service.js';
import { can } from '../platform/auth/permissions.js';
import { requireConversation } from './conversations.service.js';
import { deleteDraft, findDraft, upsertDraft } from './drafts.queries.js';
import { PRESENCE_TTL_MS, realtimeHub, type Viewer } from './realtime.js';
import type { TDraft, TPresence } from './realtime.schemas.js';

/** Drafts and presence belong to a person; an API key stands in for one (its id). */
export function authorIdOf(actor: Actor): string {
  const id = actor.userId ?? actor.apiKeyId;
  if (!id) throw new AppError('forbidden', 'Drafts and presence need a signed-in user or an API key.');
  return id;
}

/**
 * Records that the caller is looking at a conversation (or at none) for the next 45 s and tells
 * everyone else in the workspace. Only a conversation of the caller's workspace can be named.
 */
export async function recordPresence(ctx: AppContext, actor: Actor, input: TPresence): Promise<Viewer[]> {
  const ws = actor.workspaceId;
  if (input.conversationId) await requireConversation(ctx.db, ws, input.conversationId);
  const userId = authorIdOf(actor);
  const member = actor.userId ? (await listMembers(ctx.db, ws)).find((m) => m.userId === actor.userId) : undefined;
  const name = member?.name || member?.email || actor.label;
  const hub = realtimeHub(ctx.database);
  hub.publish(ws, { type: 'presence', conversationId: input.conversationId, userId, name, expiresAt: new Date(Date.now() + PRESENCE_TTL_MS).toISOString(), canReply: can(actor.role, 'inbox:write') }, ctx.log);
  return input.conversationId ? hub.viewers(ws, input.conversationId) : [];
}

/** Who has a conversation open right now (in any process of this server). */
export async function listViewers(ctx: AppContext, actor: Actor, conversationId: string): Promise<Viewer[]> {
  await requireConversation(ctx.db, actor.workspaceId, conversationId);
  return realtimeHub(ctx.database).viewers(actor.workspaceId, conversationId);
}

export async function getDraft(db: Db, actor: Actor, conversationId: string): Promise<TDraft> {
  await requireConversation(db, actor.workspaceId, conversationId);
  const row = await findDraft(db, actor.workspaceId, conversationId, authorIdOf(actor));
  return { text: row?.text ?? '', updatedAt: row?.updatedAt ?? null };
}

/** Keeps the caller's unsent reply; an empty text removes it. Nobody else sees another's draft. */
export async function saveDraft(db: Db, actor: Actor, conversationId: string, text: string): Promise<TDraft> {
  await requireConversation(db, actor.workspaceId, conversationId);
  const author = authorIdOf(actor);
  if (!text.trim()) {
    await deleteDraft(db, actor.workspaceId, conversationId, author);
    return { text: '', updatedAt: null };
  }
  return { text, updatedAt: await upsertDraft(db, actor.workspaceId, conversationId, author, text) };
}

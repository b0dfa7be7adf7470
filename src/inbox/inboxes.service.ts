import type { Actor, AppContext } from '../platform/context.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { newId, randomToken } from '../platform/ids.js';
import { pgCode, PG } from '../platform/db/errors.js';
import { findInbox, findInboxes, findSettings, insertInbox, upsertSettings, type InboxRow } from './inbox.queries.js';
import type { TInbox, TInboxSettings, TNewInbox } from './inbox.schemas.js';
import { chatSnippet, createChatSettings } from './chat/chat-snippet.js';

/** The domain of inbox addresses: INBOUND_DOMAIN, else the host Kunde is reached at. */
export function inboundDomain(config: Pick<Config, 'INBOUND_DOMAIN' | 'publicUrl'>): string {
  return (config.INBOUND_DOMAIN ?? new URL(config.publicUrl).hostname).toLowerCase();
}

export const presentInbox = (r: InboxRow): TInbox => ({ id: r.id, type: r.type, name: r.name, channel: r.channel, address: r.address, createdAt: r.createdAt });

/** "Twitter" → "twitter": the network an import inbox's handles belong to, unless given. */
function channelOf(input: TNewInbox): string {
  if (input.channel) return input.channel;
  if (input.type !== 'import') return input.type;
  const slug = input.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 32);
  return slug || 'import';
}

/**
 * Creates an inbox with its own address (`support-<random>@domain`): mail sent there through the
 * receiver (or piped in from an MTA) lands in it. A chat inbox also gets its website chat settings. The random part is unguessable, so nobody can drop
 * mail into another workspace's inbox by guessing; a collision (vanishingly rare) draws again.
 */
export async function createInbox(ctx: AppContext, actor: Actor, input: TNewInbox): Promise<TInbox> {
  const domain = inboundDomain(ctx.config);
  for (let attempt = 1; ; attempt++) {
    const id = newId();
    const localPart = `support-${randomToken(10).toLowerCase()}`;
    try {
      await ctx.db.transaction(async (tx) => {
        await insertInbox(tx, { workspaceId: actor.workspaceId, id, type: input.type, name: input.name, channel: channelOf(input), address: `${localPart}@${domain}` }, localPart);
        if (input.type === 'chat') await createChatSettings(tx, actor.workspaceId, id);
        await ctx.audit(tx, actor, { action: 'inbox.created', targetType: 'inbox', targetId: id, details: { type: input.type, name: input.name } });
      });
      const inbox = presentInbox((await findInbox(ctx.db, actor.workspaceId, id))!);
      // A chat inbox answers what the site needs: the workspace key and the snippet to paste.
      return input.type === 'chat' ? { ...inbox, workspaceId: actor.workspaceId, snippet: chatSnippet(ctx.config, actor.workspaceId, id) } : inbox;
    } catch (err) {
      if (pgCode(err) !== PG.uniqueViolation || attempt >= 3) throw err;
    }
  }
}

export async function listInboxes(db: Db, workspaceId: string): Promise<{ data: TInbox[] }> {
  return { data: (await findInboxes(db, workspaceId)).map(presentInbox) };
}

export async function requireInbox(db: Db, workspaceId: string, id: string): Promise<InboxRow> {
  const row = await findInbox(db, workspaceId, id);
  if (!row) throw notFound('Inbox');
  return row;
}

export const getInboxSettings = (db: Db, workspaceId: string): Promise<TInboxSettings> => findSettings(db, workspaceId);

/** Changes who counts as a detractor and how soon follow-ups are due; audited. */
export async function updateInboxSettings(ctx: AppContext, actor: Actor, patch: Partial<TInboxSettings>): Promise<TInboxSettings> {
  return ctx.db.transaction(async (tx) => {
    const next = { ...(await findSettings(tx, actor.workspaceId)), ...patch };
    await upsertSettings(tx, actor.workspaceId, next);
    await ctx.audit(tx, actor, { action: 'inbox.settings.updated', targetType: 'workspace', targetId: actor.workspaceId, details: { ...patch } });
    return next;
  });
}

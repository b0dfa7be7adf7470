import type { Actor, AppContext } from '../platform/context.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { getSurvey } from '../surveys/surveys.service.js';
import { newId, randomToken } from '../platform/ids.js';
import { pgCode, PG } from '../platform/db/errors.js';
import { findInbox, findInboxes, findSettings, insertInbox, upsertSettings, type InboxRow } from './inbox.queries.js';
import type { TCsatAfterResolution, TInbox, TInboxSettings, TInboxSettingsPatch, TNewInbox } from './inbox.schemas.js';
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

/** A CSAT survey must exist in the workspace, be published and ask a CSAT question; else 422 naming the field. */
async function checkCsatSurvey(ctx: AppContext, workspaceId: string, csat: TCsatAfterResolution): Promise<void> {
  const refuse = (message: string) => new AppError('validation_failed', message, { errors: [{ path: 'body.csatAfterResolution.surveyId', message }] });
  if (!csat.surveyId) {
    if (csat.mode !== 'off') throw refuse('Choose the survey to send (a published survey with a CSAT question).');
    return;
  }
  const survey = await getSurvey(ctx, workspaceId, csat.surveyId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw refuse('There is no such survey in this workspace.');
    throw err;
  });
  if (!survey.questions.some((q) => q.type === 'csat')) throw refuse('The survey has no CSAT question.');
  if (csat.mode !== 'off' && survey.status !== 'published') throw refuse('The survey is not published; publish it first.');
}

/** Changes who counts as a detractor, how soon follow-ups are due and when a CSAT follows a resolution; audited. */
export async function updateInboxSettings(ctx: AppContext, actor: Actor, patch: TInboxSettingsPatch): Promise<TInboxSettings> {
  const current = await findSettings(ctx.db, actor.workspaceId);
  const csat = patch.csatAfterResolution ? { ...current.csatAfterResolution, ...patch.csatAfterResolution } : undefined;
  if (csat) await checkCsatSurvey(ctx, actor.workspaceId, csat);
  return ctx.db.transaction(async (tx) => {
    const before = await findSettings(tx, actor.workspaceId);
    const next = { ...before, ...patch, csatAfterResolution: csat ?? before.csatAfterResolution };
    await upsertSettings(tx, actor.workspaceId, next);
    await ctx.audit(tx, actor, { action: 'inbox.settings.updated', targetType: 'workspace', targetId: actor.workspaceId, details: { ...patch } });
    return next;
  });
}

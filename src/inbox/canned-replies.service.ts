import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { listMembers } from '../accounts/members.service.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { presentResolved } from '../customers/customers.service.js';
import { requireConversation } from './conversations.service.js';
import {
  deleteCannedReplyRow,
  findCannedReplies,
  findCannedReply,
  findCannedReplyByName,
  insertCannedReply,
  updateCannedReplyRow,
  type CannedReplyRow,
} from './canned-replies.queries.js';
import { PLACEHOLDERS, PLACEHOLDER_PATTERN, type Placeholder, type TCannedReply, type TCannedReplyPatch, type TNewCannedReply, type TRenderedReply } from './canned-replies.schemas.js';

const present = (r: CannedReplyRow): TCannedReply => ({ id: r.id, name: r.name, bodies: r.bodies, createdAt: r.createdAt, updatedAt: r.updatedAt });

const nameTaken = () =>
  new AppError('conflict', 'A canned reply with this name exists already.', { errors: [{ path: 'body.name', message: 'already used in this workspace' }] });

export async function listCannedReplies(db: Db, ws: string) {
  return { data: (await findCannedReplies(db, ws)).map(present), placeholders: [...PLACEHOLDERS] };
}

async function requireCannedReply(db: Db, ws: string, id: string): Promise<CannedReplyRow> {
  const row = await findCannedReply(db, ws, id);
  if (!row) throw notFound('Canned reply');
  return row;
}

/** A new canned reply; names are unique per workspace. Audited. */
export async function createCannedReply(ctx: AppContext, actor: Actor, input: TNewCannedReply): Promise<TCannedReply> {
  return ctx.db.transaction(async (tx) => {
    const row = await insertCannedReply(tx, { workspaceId: actor.workspaceId, id: newId(), name: input.name, bodies: input.bodies });
    if (!row) throw nameTaken();
    await ctx.audit(tx, actor, { action: 'canned_reply.created', targetType: 'canned_reply', targetId: row.id, details: { name: row.name, languages: Object.keys(row.bodies) } });
    return present(row);
  });
}

/** Renames or rewrites a canned reply (the bodies are replaced as a whole). Audited. */
export async function updateCannedReply(ctx: AppContext, actor: Actor, id: string, patch: TCannedReplyPatch): Promise<TCannedReply> {
  const ws = actor.workspaceId;
  return ctx.db.transaction(async (tx) => {
    await requireCannedReply(tx, ws, id);
    if (patch.name !== undefined) {
      const other = await findCannedReplyByName(tx, ws, patch.name);
      if (other && other.id !== id) throw nameTaken();
    }
    const row = await updateCannedReplyRow(tx, ws, id, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.bodies ? { bodies: patch.bodies } : {}) });
    if (!row) throw notFound('Canned reply');
    await ctx.audit(tx, actor, { action: 'canned_reply.updated', targetType: 'canned_reply', targetId: id, details: { name: row.name, languages: Object.keys(row.bodies) } });
    return present(row);
  });
}

export async function deleteCannedReply(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await requireCannedReply(tx, actor.workspaceId, id);
    await deleteCannedReplyRow(tx, actor.workspaceId, id);
    await ctx.audit(tx, actor, { action: 'canned_reply.deleted', targetType: 'canned_reply', targetId: id, details: { name: row.name } });
  });
}

/**
 * The text in the wanted language: exactly ("pt-br"), else the same base language ("pt"), else
 * English, else the first language the reply was written in.
 */
export function pickLanguage(bodies: Record<string, string>, wanted: (string | null | undefined)[]): string {
  const langs = Object.keys(bodies);
  for (const w of wanted) {
    if (!w) continue;
    const want = w.toLowerCase().replace('_', '-');
    const base = want.split('-')[0];
    const hit = langs.find((l) => l === want) ?? langs.find((l) => l === base) ?? langs.find((l) => l.split('-')[0] === base);
    if (hit) return hit;
  }
  return langs.includes('en') ? 'en' : langs[0];
}

/** Fills {{placeholders}}; an unknown value takes the fallback after |, else nothing. */
export function fillPlaceholders(text: string, values: Partial<Record<Placeholder, string | null | undefined>>): string {
  return text.replace(PLACEHOLDER_PATTERN, (_all, key: string, fallback: string | undefined) => {
    const v = values[key as Placeholder];
    return v && v.trim() ? v.trim() : (fallback ?? '').trim();
  });
}

/**
 * A canned reply made ready for one conversation: in the conversation's language (else the
 * customer's, else English), with the customer's, the agent's and the workspace's details filled in.
 */
export async function renderCannedReply(ctx: AppContext, actor: Actor, conversationId: string, replyId: string, language?: string): Promise<TRenderedReply> {
  const ws = actor.workspaceId;
  const conv = await requireConversation(ctx.db, ws, conversationId);
  const reply = await requireCannedReply(ctx.db, ws, replyId);
  const customer = conv.customerId ? await presentResolved(ctx.db, ws, conv.customerId).catch(() => null) : null;
  const member = actor.userId ? (await listMembers(ctx.db, ws)).find((m) => m.userId === actor.userId) : undefined;
  const workspace = await getWorkspace(ctx.db, ws);
  const lang = pickLanguage(reply.bodies, [language, conv.language, customer?.language]);
  const [first, ...rest] = (customer?.name ?? '').trim().split(/\s+/);
  const agentName = member?.name || actor.label;
  const text = fillPlaceholders(reply.bodies[lang], {
    'customer.firstName': first,
    'customer.lastName': rest.join(' '),
    'customer.name': customer?.name,
    'customer.email': customer?.email ?? (conv.contact?.includes('@') ? conv.contact : null),
    'agent.name': agentName,
    'agent.firstName': agentName.split(/\s+/)[0],
    'agent.email': member?.email,
    'conversation.subject': conv.subject,
    'workspace.name': workspace.name,
  });
  return { cannedReplyId: reply.id, language: lang, text };
}

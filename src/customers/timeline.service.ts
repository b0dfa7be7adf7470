import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { customerEvents } from './customers.tables.js';
import type { TTimelineQuery } from './customers.schemas.js';
import { resolveCustomer } from './customer-queries.js';
import { ingestEvents } from './ingest.service.js';

const item = {
  id: customerEvents.id,
  type: customerEvents.type,
  occurredAt: customerEvents.occurredAt,
  receivedAt: customerEvents.receivedAt,
  channel: customerEvents.channel,
  touchpoint: customerEvents.touchpoint,
  amount: customerEvents.amount,
  currency: customerEvents.currency,
  properties: customerEvents.properties,
  clientId: customerEvents.clientId,
  originCustomerId: customerEvents.originCustomerId,
};

function decodeBefore(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0])) && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new AppError('bad_request', 'The cursor is not one this API handed out.', { errors: [{ path: 'querystring.before', message: 'is not a valid cursor' }] });
}

/**
 * Everything that happened with a customer — events, purchases, survey invitations and answers,
 * messages, notes — newest first, keyset-paginated, optionally only some types or channels.
 * Merges are not items: they are listed with the profile.
 */
export async function getTimeline(db: Db, ws: string, customerId: string, q: TTimelineQuery) {
  const { row } = await resolveCustomer(db, ws, customerId);
  const where: (SQL | undefined)[] = [eq(customerEvents.workspaceId, ws), eq(customerEvents.customerId, row.id)];
  if (q.type?.length) where.push(inArray(customerEvents.type, q.type));
  if (q.channel?.length) where.push(inArray(customerEvents.channel, q.channel));
  if (q.before) {
    const [at, id] = decodeBefore(q.before);
    where.push(sql`(${customerEvents.occurredAt}, ${customerEvents.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({ ...item, cursorAt: sql<string>`${customerEvents.occurredAt}::text` })
    .from(customerEvents)
    .where(and(...where))
    .orderBy(desc(customerEvents.occurredAt), desc(customerEvents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(({ cursorAt: _cursorAt, ...rest }) => rest),
    nextCursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.cursorAt, last.id])).toString('base64url') : null,
  };
}

/** Adds a note by the caller to the customer's timeline (a 'note' event; it is not customer activity). */
export async function addNote(ctx: AppContext, actor: Actor, customerId: string, text: string) {
  const { row } = await resolveCustomer(ctx.db, actor.workspaceId, customerId);
  if (row.erasedAt) throw new AppError('conflict', 'This customer was erased; notes cannot be added.');
  const result = await ingestEvents(ctx, actor, [
    {
      type: 'note',
      customer: { id: row.id },
      channel: 'internal',
      properties: { text, author: actor.label, authorId: actor.userId ?? actor.apiKeyId ?? null },
    },
  ]);
  const r = result.results[0];
  if (r.status !== 'accepted' || !r.eventId) throw new AppError('conflict', r.error ?? 'The note could not be stored.');
  const [note] = await ctx.db
    .select(item)
    .from(customerEvents)
    .where(and(eq(customerEvents.workspaceId, actor.workspaceId), eq(customerEvents.id, r.eventId)));
  return note;
}

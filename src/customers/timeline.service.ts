import { z } from 'zod';
import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { cursorValue, decodeCursor, encodeCursor } from '../platform/http/cursor.js';
import type { TTimelineQuery } from './customers.schemas.js';
import { resolveCustomer } from './customers.service.js';
import { ingestEvents } from './ingest.service.js';
import { findTimelineItem, selectTimeline } from './timeline.queries.js';

const CURSOR_KIND = 'timeline';
const ZTimelineCursor = z.tuple([cursorValue.timestamp, cursorValue.id]);

/**
 * Everything that happened with a customer — events, purchases, survey invitations and answers,
 * messages, notes — newest first, keyset-paginated, optionally only some types or channels.
 * Merges are not items: they are listed with the profile.
 */
export async function getTimeline(db: Db, ws: string, customerId: string, q: TTimelineQuery) {
  const { row } = await resolveCustomer(db, ws, customerId);
  const before = q.before ? decodeCursor(q.before, CURSOR_KIND, ZTimelineCursor) : undefined;
  const rows = await selectTimeline(db, ws, row.id, {
    types: q.type,
    channels: q.channel,
    limit: q.limit,
    before: before ? { at: before[0], id: before[1] } : undefined,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(({ cursorAt: _cursorAt, ...rest }) => rest),
    nextCursor: rows.length > q.limit && last ? encodeCursor(CURSOR_KIND, [last.cursorAt, last.id]) : null,
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
  return findTimelineItem(ctx.db, actor.workspaceId, r.eventId);
}

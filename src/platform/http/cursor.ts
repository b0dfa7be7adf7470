import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * The one page-cursor format of the API: opaque to callers, versioned, and validated before any value
 * reaches SQL. A cursor is `base64url(JSON [version, kind, ...values])`. `kind` names the list and its
 * sort (e.g. `customers:lastSeenAt`), so a cursor handed out by one list or sort is refused by another
 * instead of reaching a `::bigint`/`::timestamptz` cast with a value of the wrong shape.
 */
const VERSION = 1;

/** Encodes the sort key of the last row of a page. Values must be JSON-serialisable (strings, numbers, null). */
export function encodeCursor(kind: string, values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify([VERSION, kind, ...values])).toString('base64url');
}

const badCursor = (why: string) =>
  new AppError('bad_request', `The cursor is not one this API handed out for this list (${why}).`, {
    errors: [{ path: 'querystring.cursor', message: why }],
  });

/**
 * Decodes a cursor made by `encodeCursor(kind, …)` and checks its values against `schema` (a zod tuple);
 * anything else — garbage, another list's cursor, another sort's, a forged value — is a 400, never a 500.
 */
export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, kind: string, schema: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('not a cursor');
  }
  if (!Array.isArray(parsed) || parsed[0] !== VERSION) throw badCursor('unknown cursor version');
  if (parsed[1] !== kind) throw badCursor('made for another list or sort');
  const values = schema.safeParse(parsed.slice(2));
  if (!values.success) throw badCursor('values of the wrong shape');
  return values.data;
}

// Only the form lists hand out (UTC, ISO 8601, up to microseconds): Date.parse alone also takes "1" or
// "Tuesday", which PostgreSQL's ::timestamptz then refuses with a 500.
const ISO_UTC = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Round-tripping catches what the pattern lets through and PostgreSQL refuses: Feb 30, 24:00, year 0. */
function isRealInstant(s: string): boolean {
  const t = Date.parse(s);
  return Number.isFinite(t) && Number(s.slice(0, 4)) >= 1 && new Date(t).toISOString().slice(0, 19) === s.slice(0, 19);
}

/** Reusable cursor value schemas: a UUID, an ISO timestamp with microseconds kept as text, a safe integer. */
export const cursorValue = {
  id: z.string().uuid(),
  timestamp: z
    .string()
    .regex(ISO_UTC, 'not an ISO 8601 UTC timestamp')
    .refine(isRealInstant, 'not a timestamp'),
  integer: z.number().int().safe(),
  // PostgreSQL text cannot hold NUL: such a value would fail in the database, not here.
  text: z.string().max(1000).refine((s) => !s.includes('\u0000'), 'holds a NUL character'),
};

/** The `cursor` query parameter of every list; its shape is checked per list by `decodeCursor`. */
export const ZCursorParam = z.string().min(1).max(2000).describe('`nextCursor` of the previous page');

const ID_TUPLE = z.tuple([cursorValue.id]);

/** Lists ordered by their time-ordered (UUIDv7) id, newest first: the cursor is the last id of the page. */
export const idCursor = {
  encode: (kind: string, lastId: string): string => encodeCursor(kind, [lastId]),
  /** The id to continue after, or undefined for the first page; a bad cursor is a 400. */
  decode: (kind: string, cursor: string | undefined): string | undefined =>
    cursor === undefined ? undefined : decodeCursor(cursor, kind, ID_TUPLE)[0],
};

/** One page from `limit + 1` fetched rows: the extra row only says that a next page exists. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit && data.length > 0 ? cursorOf(data[data.length - 1]) : null };
}

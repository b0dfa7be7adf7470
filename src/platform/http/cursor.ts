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

/** Reusable cursor value schemas: a UUID, an ISO timestamp with microseconds kept as text, a safe integer. */
export const cursorValue = {
  id: z.string().uuid(),
  timestamp: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp'),
  integer: z.number().int().safe(),
  text: z.string().max(1000),
};

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { cursorValue, decodeCursor, encodeCursor } from './cursor.js';

const schema = z.tuple([cursorValue.timestamp, cursorValue.id]);
const id = '0190b0c4-7d2e-7a4b-8c3f-1234567890ab';

function expect400(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    return;
  }
  throw new Error('expected a 400');
}

describe('page cursor', () => {
  it('round-trips the values of the kind it was made for', () => {
    const c = encodeCursor('customers:lastSeenAt', ['2026-01-02T03:04:05.123456Z', id]);
    expect(decodeCursor(c, 'customers:lastSeenAt', schema)).toEqual(['2026-01-02T03:04:05.123456Z', id]);
  });

  it('refuses garbage, another kind, and well-formed cursors with values of the wrong shape', () => {
    expect400(() => decodeCursor('%%%', 'customers:lastSeenAt', schema));
    expect400(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 'customers:lastSeenAt', schema));
    expect400(() => decodeCursor(encodeCursor('customers:totalSpend', [5, id]), 'customers:lastSeenAt', schema));
    expect400(() => decodeCursor(encodeCursor('customers:lastSeenAt', ['not-a-date', id]), 'customers:lastSeenAt', schema));
    expect400(() => decodeCursor(encodeCursor('customers:lastSeenAt', ['2026-01-02T00:00:00Z', 'x']), 'customers:lastSeenAt', schema));
    // Date.parse takes these, PostgreSQL's ::timestamptz does not: they must stop here, not reach SQL.
    for (const t of ['1', 'Tuesday 1 2026', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-01-01T24:00:00Z']) {
      expect400(() => decodeCursor(encodeCursor('customers:lastSeenAt', [t, id]), 'customers:lastSeenAt', schema));
    }
    expect400(() => decodeCursor(encodeCursor('t', ['a\u0000b']), 't', z.tuple([cursorValue.text])));
  });
});

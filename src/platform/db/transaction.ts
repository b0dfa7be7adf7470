import { AppError } from '../errors.js';
import type { Db } from './client.js';
import { PG, pgCode } from './errors.js';

/**
 * A row this transaction relied on was changed by one that committed meanwhile (a customer merged
 * or erased, say): its view is stale and it should run again from the start.
 */
export class ConcurrentChange extends Error {
  constructor(what = 'a row changed concurrently') {
    super(what);
    this.name = 'ConcurrentChange';
  }
}

const RETRYABLE: ReadonlySet<string> = new Set([PG.deadlockDetected, PG.serializationFailure]);
const MAX_ATTEMPTS = 5;

/**
 * Runs a write in one transaction, retrying (up to 5 attempts, with jitter) when PostgreSQL picked
 * it as a deadlock or serialization victim, or when it threw ConcurrentChange: the retry sees the
 * other transaction's committed result. With `retryStale: false` a ConcurrentChange is passed to
 * the caller at once, for callers whose inputs (computed before the transaction) went stale.
 * Exhausted ConcurrentChange retries become a 409 the client may retry.
 */
export async function writeTransaction<T>(
  ctx: { db: Db },
  fn: (tx: Db) => Promise<T>,
  opts: { retryStale?: boolean } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(fn);
    } catch (err) {
      const stale = err instanceof ConcurrentChange;
      if (stale && opts.retryStale === false) throw err;
      const retryable = stale || RETRYABLE.has(pgCode(err) ?? '');
      if (attempt >= MAX_ATTEMPTS && stale) throw new AppError('conflict', 'Data changed concurrently; retry the request.');
      if (attempt >= MAX_ATTEMPTS || !retryable) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

// Deliberately not a type guard: narrowing to PgTransaction<any, …> would no longer fit Db.
const isTransaction = (db: Db): boolean => db instanceof PgTransaction;

/**
 * Builds a query of the request hot path (authentication, GET /me) once per database instead of on
 * every call: for a primary-key lookup, drizzle spent more CPU turning the builder into SQL than
 * the database spent answering. Values go in as `sql.placeholder(…)`. A transaction gets a query
 * built for it, because a prepared one would run outside the transaction.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const built = new WeakMap<Db, Q>();
  return (db) => {
    if (isTransaction(db)) return build(db);
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

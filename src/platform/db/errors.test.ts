import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../../test/helpers/database.js';
import type { Database } from './client.js';
import { hasPgCode, PG, pgCode } from './errors.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('pgCode', () => {
  it('finds the SQLSTATE on a real unique violation as the driver and drizzle wrap it', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table t (id int primary key) on commit drop`);
      await tx.execute(sql`insert into t values (1)`);
      const err = await tx.execute(sql`insert into t values (1)`).then(() => undefined, (e: unknown) => e);
      expect(pgCode(err)).toBe(PG.uniqueViolation);
      expect(hasPgCode(err, PG.uniqueViolation)).toBe(true);
      expect(hasPgCode(err, PG.deadlockDetected)).toBe(false);
    }).catch((e: unknown) => {
      // The transaction is aborted after the failed insert; only the assertions' failures matter here.
      if (e instanceof Error && e.name === 'AssertionError') throw e;
    });
  });

  it('walks causes and stops on cycles', () => {
    expect(pgCode(new Error('outer', { cause: new Error('mid', { cause: Object.assign(new Error('pg'), { code: '40P01' }) }) }))).toBe('40P01');
    expect(hasPgCode(new Error('x', { cause: { code: '40001' } }), PG.serializationFailure)).toBe(true);
    const cyclic: { code?: string; cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(pgCode(cyclic)).toBeUndefined();
    expect(pgCode(undefined)).toBeUndefined();
    expect(pgCode('23505')).toBeUndefined();
  });
});

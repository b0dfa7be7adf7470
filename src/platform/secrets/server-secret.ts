import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { serverSecrets } from './secrets.tables.js';

const cache = new WeakMap<Db, Map<string, Promise<Buffer>>>();

async function loadOrCreate(db: Db, name: string): Promise<Buffer> {
  // Two processes starting together both insert; the first wins and both read its value.
  await db.insert(serverSecrets).values({ name, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name));
  return Buffer.from(row.value, 'hex');
}

/**
 * A 32-byte key for one purpose (`name`). With KUNDE_SECRET it is derived from that (HMAC per
 * purpose, so one configured secret serves several uses); otherwise it is generated on first use
 * and stored in `server_secrets`. Cached per database handle.
 */
export function serverSecret(ctx: { db: Db; config: Pick<Config, 'KUNDE_SECRET'> }, name: string): Promise<Buffer> {
  let byName = cache.get(ctx.db);
  if (!byName) cache.set(ctx.db, (byName = new Map()));
  let key = byName.get(name);
  if (!key) {
    const configured = ctx.config.KUNDE_SECRET;
    key = configured ? Promise.resolve(createHmac('sha256', configured).update(name).digest()) : loadOrCreate(ctx.db, name);
    // A failed load (database down at start) must not stick: the next call tries again.
    key.catch(() => byName.delete(name));
    byName.set(name, key);
  }
  return key;
}

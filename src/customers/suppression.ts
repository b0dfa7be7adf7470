import { createHash, createHmac } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { serverSecret } from '../platform/secrets/server-secret.js';
import type { Identifier } from './identity.js';
import { countForeignDigests, findLegacyDigests, replaceDigests } from './suppression.queries.js';

/**
 * The suppression list keeps a digest of every identifier of an erased person, never the identifier.
 * A plain SHA-256 of an e-mail or phone number is reversed by hashing candidates (a dictionary), so
 * the digest is keyed: HMAC-SHA256(server secret, sha256hex("kind:value")). Hashing first is what lets
 * rows stored before keying be converted without their plaintext (their value *is* sha256hex).
 * Stored as "h1:<key fingerprint>:<hex>", so a row made with another key can be told apart.
 */
export interface SuppressionKey {
  digest(i: Identifier): string;
}

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function keyOf(secret: Buffer): SuppressionKey & { fingerprint: string; fromLegacy(hex: string): string } {
  const fingerprint = createHmac('sha256', secret).update('kunde suppression key fingerprint').digest('hex').slice(0, 8);
  const fromLegacy = (hex: string) => `h1:${fingerprint}:${createHmac('sha256', secret).update(hex).digest('hex')}`;
  return { fingerprint, fromLegacy, digest: (i) => fromLegacy(sha256hex(`${i.kind}:${i.value}`)) };
}

const ready = new WeakMap<Db, Promise<SuppressionKey>>();
const BATCH = 1000;

/**
 * One-time step per installation (each process checks once): rows stored as unkeyed SHA-256 are
 * converted to the keyed digest, so suppression keeps working across the change. Rows made with
 * another key (KUNDE_SECRET changed) cannot be converted without their plaintext: that is logged.
 */
async function prepare(ctx: Pick<AppContext, 'db' | 'config' | 'log'>): Promise<SuppressionKey> {
  const key = keyOf(await serverSecret(ctx, 'customer-suppression'));
  for (;;) {
    const legacy = await findLegacyDigests(ctx.db, BATCH);
    if (legacy.length === 0) break;
    await ctx.db.transaction((tx) =>
      replaceDigests(tx, legacy.map((r) => ({ workspace_id: r.workspace_id, old: r.identity_hash, new: key.fromLegacy(r.identity_hash) }))),
    );
    ctx.log.info({ rows: legacy.length }, 'suppression list: converted unkeyed digests to HMAC');
  }
  const foreign = await countForeignDigests(ctx.db, key.fingerprint);
  if (foreign > 0) {
    ctx.log.error({ rows: foreign }, 'suppression list: rows were made with another secret (was KUNDE_SECRET changed?); they no longer match');
  }
  return key;
}

/** The installation's suppression key, after converting any rows stored before keying. */
export function suppressionKey(ctx: Pick<AppContext, 'db' | 'config' | 'log'>): Promise<SuppressionKey> {
  let key = ready.get(ctx.db);
  if (!key) {
    key = prepare(ctx);
    key.catch(() => ready.delete(ctx.db));
    ready.set(ctx.db, key);
  }
  return key;
}

import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../platform/db/client.js';
import type { Actor } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId, randomToken, sha256 } from '../platform/ids.js';
import { canGrant } from '../platform/auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { apiKeys, type Role } from './accounts.tables.js';

/** Keys look like kunde_<8-char prefix>_<32-char secret>; only the prefix is ever shown again. */
const KEY_RE = /^kunde_([A-Za-z0-9]{8})_([A-Za-z0-9]{32})$/;

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** Mints a key; the plain secret is returned once and only its SHA-256 is stored. */
export async function createApiKey(db: Db, actor: Actor, input: { name: string; role: Role }) {
  if (!canGrant(actor.role, input.role)) {
    throw new AppError('forbidden', `A ${actor.role} cannot create a key with the ${input.role} role.`);
  }
  const prefix = randomToken(8);
  const key = `kunde_${prefix}_${randomToken(32)}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        workspaceId: actor.workspaceId,
        id: newId(),
        name: input.name,
        prefix,
        keyHash: sha256(key),
        role: input.role,
        createdBy: actor.userId ?? null,
      })
      .returning(publicColumns);
    await recordAudit(tx, actor, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      details: { name: input.name, role: input.role, prefix },
    });
    return { ...row, key };
  });
}

export async function listApiKeys(db: Db, workspaceId: string) {
  return db.select(publicColumns).from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.id));
}

/** Revokes a key (audited); this process forgets it at once, other processes within API_KEY_CACHE_TTL_MS. */
export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  const { keyHash, ...row } = await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ ...publicColumns, keyHash: apiKeys.keyHash });
    if (!revoked) throw notFound('API key');
    await recordAudit(tx, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: id, details: { name: revoked.name } });
    return revoked;
  });
  // After commit: a request racing the revoke could otherwise cache the key as still valid.
  cacheOf(db).delete(keyHash);
  return row;
}

// Writing last_used_at on every request would turn every read into a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * How long a process trusts a key it has checked without asking the database again. Every API
 * request authenticates, and the lookup was most of an authenticated request's cost. A revoke
 * clears the key in the process that ran it; other processes (more servers, the CLI) see it
 * within this bound — docs/api.md promises it.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;

interface CachedKey {
  actor: Actor & { apiKeyId: string };
  lastUsedAt: number;
}

// One cache per database, so processes holding several (tests, benchmarks) cannot mix their keys.
// Only valid keys are kept: made-up keys must not be able to fill it.
const caches = new WeakMap<Db, LRUCache<string, CachedKey>>();

function cacheOf(db: Db): LRUCache<string, CachedKey> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new LRUCache({ max: 10_000, ttl: API_KEY_CACHE_TTL_MS });
    caches.set(db, cache);
  }
  return cache;
}

async function findActiveKey(db: Db, keyHash: string): Promise<CachedKey | undefined> {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, role: apiKeys.role, workspaceId: apiKeys.workspaceId, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash));
  if (!row || row.revokedAt) return undefined;
  return {
    actor: { kind: 'api_key', workspaceId: row.workspaceId, role: row.role, apiKeyId: row.id, label: `${row.name} (${row.prefix})` },
    lastUsedAt: row.lastUsedAt?.getTime() ?? 0,
  };
}

/** Resolves a bearer key to its caller, or undefined when the key is unknown or revoked. */
export async function authenticateApiKey(db: Db, key: string): Promise<Actor | undefined> {
  if (!KEY_RE.test(key)) return undefined;
  const keyHash = sha256(key);
  const cache = cacheOf(db);
  let entry = cache.get(keyHash);
  if (!entry) {
    entry = await findActiveKey(db, keyHash);
    if (!entry) return undefined;
    cache.set(keyHash, entry);
  }
  const now = Date.now();
  if (now - entry.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    entry.lastUsedAt = now;
    const { workspaceId, apiKeyId } = entry.actor;
    void db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, apiKeyId)))
      .catch(() => {});
  }
  return { ...entry.actor };
}

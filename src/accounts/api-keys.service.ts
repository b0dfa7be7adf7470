import { and, desc, eq, isNull, sql } from 'drizzle-orm';
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

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning(publicColumns);
    if (!row) throw notFound('API key');
    await recordAudit(tx, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: id, details: { name: row.name } });
    return row;
  });
}

// Writing last_used_at on every request would turn every read into a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a bearer key to its caller, or undefined when the key is unknown or revoked. */
export async function authenticateApiKey(db: Db, key: string): Promise<Actor | undefined> {
  if (!KEY_RE.test(key)) return undefined;
  const [row] = await db
    .select({ ...publicColumns, workspaceId: apiKeys.workspaceId })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, sha256(key)));
  if (!row || row.revokedAt) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    void db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.workspaceId, row.workspaceId), eq(apiKeys.id, row.id)))
      .catch(() => {});
  }
  return {
    kind: 'api_key',
    workspaceId: row.workspaceId,
    role: row.role,
    apiKeyId: row.id,
    label: `${row.name} (${row.prefix})`,
  };
}

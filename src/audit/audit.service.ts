import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { Actor } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { idCursor, pageOf } from '../platform/http/cursor.js';
import { auditLog } from './audit.tables.js';

import type { AuditEntry } from '../platform/ports.js';

export type { AuditEntry };

/** Appends one audit entry; pass the use case's transaction so the entry commits with the change. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: actor.workspaceId,
    id: newId(),
    actorType: actor.kind,
    actorId: actor.userId ?? actor.apiKeyId ?? null,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    details: entry.details ?? {},
  });
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  cursor?: string;
  limit: number;
}

/** Newest first; the cursor holds the id of the last entry of the previous page (ids are time-ordered). */
export async function listAudit(db: Db, workspaceId: string, q: AuditQuery) {
  const before = idCursor.decode('audit', q.cursor);
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        // Escaped, not stripped: action names contain '_' (auth.login_failed), which LIKE treats as a wildcard.
        q.action ? sql`${auditLog.action} like ${q.action.replace(/[\\%_]/g, '\\$&') + '%'}` : undefined,
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
        before ? lt(auditLog.id, before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, (last) => idCursor.encode('audit', last.id));
}

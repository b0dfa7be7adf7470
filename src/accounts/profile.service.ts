import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { Actor } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { sessions, users } from './accounts.tables.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { listWorkspacesOfUser } from './workspaces.service.js';

export interface ProfilePatch {
  name?: string;
  language?: string;
  currentPassword?: string;
  newPassword?: string;
}

/** The signed-in person behind a browser session; API keys have no profile and no sessions. */
function sessionUser(actor: Actor): { userId: string; sessionId: string } {
  if (!actor.userId || !actor.sessionId) {
    throw new AppError('bad_request', 'Only a signed-in user has a profile and sessions; API keys do not.');
  }
  return { userId: actor.userId, sessionId: actor.sessionId };
}

const profileColumns = { id: users.id, email: users.email, name: users.name, language: users.language };

/**
 * Updates the caller's own name, language or password. A new password needs the current one and
 * ends every other session of the user (whoever else held one is out), and the change is audited
 * in each workspace the user belongs to, since each one's admins care who can sign in.
 */
export async function updateProfile(db: Db, actor: Actor, patch: ProfilePatch) {
  const { userId, sessionId } = sessionUser(actor);
  let passwordHash: string | undefined;
  if (patch.newPassword) {
    const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
    if (!user || !(await verifyPassword(user.passwordHash, patch.currentPassword ?? ''))) {
      throw new AppError('validation_failed', 'The current password is not correct.', {
        errors: [{ path: 'body.currentPassword', message: 'is not correct' }],
      });
    }
    passwordHash = await hashPassword(patch.newPassword);
  }
  const workspacesOfUser = passwordHash ? await listWorkspacesOfUser(db, userId) : [];
  return db.transaction(async (tx) => {
    const [profile] = await tx
      .update(users)
      .set({ name: patch.name, language: patch.language, passwordHash })
      .where(eq(users.id, userId))
      .returning(profileColumns);
    if (!profile) throw notFound('User');
    if (passwordHash) {
      const ended = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), sql`${sessions.id} <> ${sessionId}`))
        .returning({ id: sessions.id });
      for (const w of workspacesOfUser) {
        await recordAudit(tx, { ...actor, workspaceId: w.id, role: w.role }, {
          action: 'user.password_changed',
          targetType: 'user',
          targetId: userId,
          details: { otherSessionsEnded: ended.length },
        });
      }
    }
    return profile;
  });
}

/** The caller's live sessions in any workspace, newest activity first, marking the current one. */
export async function listMySessions(db: Db, actor: Actor) {
  const { userId, sessionId } = sessionUser(actor);
  const rows = await db
    .select({ id: sessions.id, ip: sessions.ip, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((s) => ({ ...s, current: s.id === sessionId }));
}

/**
 * Signs every session of the caller out except the one asking ("sign out everywhere else", after a
 * lost phone or a shared computer). Audited in the current workspace, with how many ended.
 */
export async function revokeMyOtherSessions(db: Db, actor: Actor): Promise<{ revoked: number }> {
  const { userId, sessionId } = sessionUser(actor);
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), sql`${sessions.id} <> ${sessionId}`))
      .returning({ id: sessions.id });
    if (ended.length > 0) {
      await recordAudit(tx, actor, { action: 'auth.sessions_revoked', targetType: 'user', targetId: userId, details: { sessionsEnded: ended.length } });
    }
    return { revoked: ended.length };
  });
}

/** Signs one of the caller's own sessions out (a lost laptop); other users' sessions are not found. */
export async function revokeMySession(db: Db, actor: Actor, id: string): Promise<void> {
  const { userId } = sessionUser(actor);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
      .returning({ id: sessions.id });
    if (!row) throw notFound('Session');
    await recordAudit(tx, actor, { action: 'auth.session_revoked', targetType: 'session', targetId: id });
  });
}

import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { preparedQuery } from '../platform/db/prepared.js';
import type { Actor } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { newId, randomToken, sha256 } from '../platform/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { memberships, sessions, users, type Role } from './accounts.tables.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { findUserByEmail, getMembershipRole, listWorkspacesOfUser } from './workspaces.service.js';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

const invalidLogin = () => new AppError('unauthorized', 'The e-mail or password is not correct.');

/**
 * Signs a user in: checks the password (argon2id, constant work for unknown e-mails), opens a
 * server-side session in the requested or first workspace, and audits success and failure.
 */
export async function login(
  db: Db,
  input: { email: string; password: string; workspaceId?: string },
  client: ClientInfo,
  ttlHours: number,
) {
  const user = await findUserByEmail(db, input.email);
  if (!user) {
    await burnPasswordCheck(input.password);
    throw invalidLogin();
  }
  const workspacesOfUser = await listWorkspacesOfUser(db, user.id);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    for (const w of workspacesOfUser) {
      await recordAudit(db, { kind: 'user', workspaceId: w.id, role: w.role, userId: user.id, label: user.email, ...client }, {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
      });
    }
    throw invalidLogin();
  }
  const workspace = input.workspaceId
    ? workspacesOfUser.find((w) => w.id === input.workspaceId)
    : workspacesOfUser[0];
  if (!workspace) throw new AppError('forbidden', 'This account is not a member of that workspace.');
  return db.transaction((tx) => openSession(tx, { id: user.id, email: user.email }, workspace, client, ttlHours));
}

/**
 * Opens a server-side session in a workspace the user belongs to and audits the sign-in. Takes a
 * transaction so a sign-in can commit together with what granted it (e.g. an accepted invitation).
 */
export async function openSession(
  tx: Db,
  user: { id: string; email: string },
  workspace: { id: string; role: Role },
  client: ClientInfo,
  ttlHours: number,
) {
  const token = randomToken(43);
  const csrfToken = randomToken(32);
  const sessionId = newId();
  await tx.insert(sessions).values({
    id: sessionId,
    tokenHash: sha256(token),
    userId: user.id,
    workspaceId: workspace.id,
    csrfToken,
    ip: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + ttlHours * 3600_000),
  });
  await recordAudit(tx, { kind: 'user', workspaceId: workspace.id, role: workspace.role, userId: user.id, label: user.email, ...client }, {
    action: 'auth.login',
    targetType: 'session',
    targetId: sessionId,
  });
  return { token, csrfToken, sessionId, userId: user.id, workspaceId: workspace.id };
}

// Sliding expiry, refreshed at most every few minutes so reads stay reads.
const TOUCH_EVERY_MS = 5 * 60_000;

export type SessionActor = Actor & { csrfToken: string };

// Every dashboard request runs this; the role comes from the membership, so a change applies at once.
const liveSessionByToken = preparedQuery((db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      workspaceId: sessions.workspaceId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      email: users.email,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId)))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`now()`)))
    .prepare('kunde_live_session_by_token'),
);

/** Resolves a session cookie to its caller; a removed membership or expired session is no session. */
export async function authenticateSession(db: Db, token: string, ttlHours: number): Promise<SessionActor | undefined> {
  if (!/^[A-Za-z0-9]{43}$/.test(token)) return undefined;
  const [row] = await liveSessionByToken(db).execute({ tokenHash: sha256(token) });
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    void db
      .update(sessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: new Date(Date.now() + ttlHours * 3600_000) })
      .where(eq(sessions.id, row.id))
      .catch(() => {});
  }
  return {
    kind: 'user',
    workspaceId: row.workspaceId,
    role: row.role,
    userId: row.userId,
    sessionId: row.id,
    label: row.email,
    csrfToken: row.csrfToken,
  };
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, actor.sessionId!));
    await recordAudit(tx, actor, { action: 'auth.logout', targetType: 'session', targetId: actor.sessionId });
  });
}

/** Moves the session to another workspace the user belongs to. */
export async function switchWorkspace(db: Db, actor: Actor, workspaceId: string) {
  if (!actor.sessionId || !actor.userId) {
    throw new AppError('bad_request', 'API keys belong to one workspace; only a browser session can switch.');
  }
  const role = await getMembershipRole(db, workspaceId, actor.userId);
  if (!role) throw new AppError('not_found', 'Workspace was not found.');
  await db.update(sessions).set({ workspaceId }).where(eq(sessions.id, actor.sessionId));
  return { workspaceId, role };
}

/** Ends every session of a user (after a password change or removal). */
export async function revokeSessionsOfUser(db: Db, userId: string, exceptSessionId?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined));
}

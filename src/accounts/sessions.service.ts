import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { preparedQuery } from '../platform/db/prepared.js';
import type { Actor } from '../platform/context.js';
import type { SessionActor, SessionLifetime } from '../platform/ports.js';
import { AppError } from '../platform/errors.js';
import { newId, randomToken, sha256 } from '../platform/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { memberships, sessions, users, type Role } from './accounts.tables.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { findUserByEmail, getMembershipRole, listWorkspacesOfUser, normaliseEmail } from './workspaces.service.js';
import type { FailureThrottle } from '../platform/auth/throttle.js';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

const invalidLogin = () => new AppError('unauthorized', 'The e-mail or password is not correct.');

/**
 * Signs a user in: checks the password (argon2id, constant work for unknown e-mails), opens a
 * server-side session in the requested or first workspace, and audits success and failure. Failed
 * sign-ins are counted per e-mail address, known or not, so the throttle's 429 does not tell whether
 * an account exists; while it holds, even the right password is refused (else guessing could go on).
 */
export async function login(
  db: Db,
  input: { email: string; password: string; workspaceId?: string },
  client: ClientInfo,
  lifetime: SessionLifetime,
  accountThrottle: FailureThrottle,
) {
  const account = sha256(normaliseEmail(input.email));
  await accountThrottle.assertOpen(account);
  const user = await findUserByEmail(db, input.email);
  if (!user) {
    await burnPasswordCheck(input.password);
    await accountThrottle.fail(account);
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
    await accountThrottle.fail(account);
    throw invalidLogin();
  }
  await accountThrottle.clear(account);
  const workspace = input.workspaceId
    ? workspacesOfUser.find((w) => w.id === input.workspaceId)
    : workspacesOfUser[0];
  if (!workspace) throw new AppError('forbidden', 'This account is not a member of that workspace.');
  return db.transaction((tx) => openSession(tx, { id: user.id, email: user.email }, workspace, client, lifetime));
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
  lifetime: SessionLifetime,
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
    expiresAt: sessionExpiry(new Date(), lifetime),
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

export type { SessionActor };

/** When a session seen now expires: `idleHours` from now, but never past its absolute lifetime. */
export function sessionExpiry(createdAt: Date, lifetime: SessionLifetime, now = Date.now()): Date {
  return new Date(Math.min(now + lifetime.idleHours * 3600_000, createdAt.getTime() + lifetime.maxAgeDays * 86_400_000));
}

// Every dashboard request runs this; the role comes from the membership, so a change applies at once.
const liveSessionByToken = preparedQuery((db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      workspaceId: sessions.workspaceId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      createdAt: sessions.createdAt,
      email: users.email,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId)))
    // The absolute lifetime is checked here too, so lowering SESSION_MAX_AGE_DAYS ends older sessions at once.
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.createdAt, sql`${sql.placeholder('createdAfter')}::timestamptz`),
      ),
    )
    .prepare('kunde_live_session_by_token'),
);

/**
 * Resolves a session cookie to its caller; a removed membership, an idle session or one past its
 * absolute lifetime is no session. Use slides the idle expiry, never past the absolute lifetime.
 */
export async function authenticateSession(db: Db, token: string, lifetime: SessionLifetime): Promise<SessionActor | undefined> {
  if (!/^[A-Za-z0-9]{43}$/.test(token)) return undefined;
  const createdAfter = new Date(Date.now() - lifetime.maxAgeDays * 86_400_000).toISOString();
  const [row] = await liveSessionByToken(db).execute({ tokenHash: sha256(token), createdAfter });
  if (!row) return undefined;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    void db
      .update(sessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: sessionExpiry(row.createdAt, lifetime) })
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

import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { Actor } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { canGrant } from '../platform/auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { memberships, sessions, users, workspaces, type Role } from './accounts.tables.js';
import { hashPassword } from './passwords.js';
import { findUserByEmail, normaliseEmail } from './workspaces.service.js';

// Installation-level user administration, used by the `kunde users` command (an operator with shell
// access); the HTTP API manages people per workspace through members and invitations instead.

/** Every login of the installation with the workspaces it belongs to. */
export async function listUsers(db: Db) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.email));
  const links = await db
    .select({ userId: memberships.userId, id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .orderBy(asc(workspaces.name));
  return rows.map((u) => ({ ...u, workspaces: links.filter((l) => l.userId === u.id).map(({ id, name, role }) => ({ id, name, role })) }));
}

function assertMayGrant(actor: Actor, role: Role) {
  if (!canGrant(actor.role, role) || (role === 'owner' && actor.role !== 'owner')) {
    throw new AppError('forbidden', `A ${actor.role} cannot grant the ${role} role.`);
  }
}

/** Creates a login and makes it a member of the actor's workspace; an e-mail has one login only. */
export async function createUser(db: Db, actor: Actor, input: { email: string; password: string; name?: string; role: Role }) {
  assertMayGrant(actor, input.role);
  if (await findUserByEmail(db, input.email)) {
    throw new AppError('conflict', `A user ${normaliseEmail(input.email)} already exists; add them to a workspace instead.`);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ id: newId(), email: normaliseEmail(input.email), name: input.name ?? '', passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name });
    await tx.insert(memberships).values({ workspaceId: actor.workspaceId, userId: user.id, role: input.role });
    await recordAudit(tx, actor, {
      action: 'member.added',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: input.role, newAccount: true },
    });
    return { userId: user.id, email: user.email, workspaceId: actor.workspaceId, role: input.role };
  });
}

/** Gives an existing login a role in the actor's workspace; an existing membership is a conflict. */
export async function addMember(db: Db, actor: Actor, input: { email: string; role: Role }) {
  assertMayGrant(actor, input.role);
  const user = await findUserByEmail(db, input.email);
  if (!user) throw notFound('User');
  return db.transaction(async (tx) => {
    const [added] = await tx
      .insert(memberships)
      .values({ workspaceId: actor.workspaceId, userId: user.id, role: input.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (!added) {
      const [m] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, user.id)));
      throw new AppError('conflict', `${user.email} is already a member of this workspace (role ${m?.role ?? 'unknown'}).`);
    }
    await recordAudit(tx, actor, {
      action: 'member.added',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: input.role, newAccount: false },
    });
    return { userId: user.id, email: user.email, workspaceId: actor.workspaceId, role: input.role };
  });
}

/**
 * Sets a user's password without the current one (an operator's reset) and ends all of the user's
 * sessions; audited in every workspace the user belongs to, since each one's admins care.
 */
export async function resetUserPassword(db: Db, actorLabel: string, input: { email: string; password: string }) {
  const user = await findUserByEmail(db, input.email);
  if (!user) throw notFound('User');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id });
    const memberOf = await tx.select({ workspaceId: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, user.id));
    for (const m of memberOf) {
      await recordAudit(tx, { kind: 'system', workspaceId: m.workspaceId, role: 'owner', label: actorLabel }, {
        action: 'user.password_reset',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, sessionsEnded: ended.length },
      });
    }
    return { userId: user.id, email: user.email, sessionsEnded: ended.length };
  });
}

import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { Actor } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { canGrant } from '../platform/auth/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import { memberships, sessions, users, type Role } from './accounts.tables.js';

const memberColumns = {
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  createdAt: memberships.createdAt,
};

export async function listMembers(db: Db, workspaceId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

/**
 * Loads the member a manager wants to change, with every owner row of the workspace locked: two
 * owners demoting each other at the same moment must not leave the workspace without one.
 */
async function lockMemberForChange(tx: Db, actor: Actor, userId: string) {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.role, 'owner')))
    .for('update');
  const [member] = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
  if (!member) throw notFound('Member');
  return { member, ownerCount: owners.length };
}

function assertMayManage(actor: Actor, current: Role, next?: Role) {
  if ((current === 'owner' || next === 'owner') && actor.role !== 'owner') {
    throw new AppError('forbidden', 'Only an owner can make someone an owner or change an owner.');
  }
  if (!canGrant(actor.role, current) || (next && !canGrant(actor.role, next))) {
    throw new AppError('forbidden', `A ${actor.role} cannot manage a ${current}${next ? ` or grant ${next}` : ''}.`);
  }
}

const lastOwner = () => new AppError('conflict', 'This is the last owner of the workspace; make someone else owner first.');

/**
 * Changes a member's role. Nobody grants more than they hold, only owners touch ownership, and
 * the last owner stays an owner. The new role applies to the member's next request.
 */
export async function changeMemberRole(db: Db, actor: Actor, userId: string, role: Role) {
  return db.transaction(async (tx) => {
    const { member, ownerCount } = await lockMemberForChange(tx, actor, userId);
    assertMayManage(actor, member.role, role);
    if (member.role === role) return member;
    if (member.role === 'owner' && ownerCount <= 1) throw lastOwner();
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
    await recordAudit(tx, actor, {
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      details: { email: member.email, from: member.role, to: role },
    });
    return { ...member, role };
  });
}

/**
 * Removes a member from this workspace and signs out their sessions here (their account and other
 * workspaces stay). The same ownership rules as role changes apply.
 */
export async function removeMember(db: Db, actor: Actor, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { member, ownerCount } = await lockMemberForChange(tx, actor, userId);
    assertMayManage(actor, member.role);
    if (member.role === 'owner' && ownerCount <= 1) throw lastOwner();
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), eq(sessions.workspaceId, actor.workspaceId)))
      .returning({ id: sessions.id });
    await recordAudit(tx, actor, {
      action: 'member.removed',
      targetType: 'user',
      targetId: userId,
      details: { email: member.email, role: member.role, sessionsEnded: ended.length },
    });
  });
}

import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import type { Actor, AppContext } from '../platform/context.js';
import type { SessionLifetime } from '../platform/ports.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId, randomToken, sha256 } from '../platform/ids.js';
import { canGrant } from '../platform/auth/permissions.js';
import { sendMail } from '../platform/mail/mail.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { invitations, memberships, users, workspaces, type Role } from './accounts.tables.js';
import { ZPassword } from './accounts.schemas.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { openSession, type ClientInfo } from './sessions.service.js';
import { findUserByEmail, getMembershipRole, getWorkspace, listWorkspacesOfUser, normaliseEmail } from './workspaces.service.js';
import { invitationMail } from './invitation-mail.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;

type InvitationRow = typeof invitations.$inferSelect;

function present(row: InvitationRow, now = Date.now()) {
  const status = row.acceptedAt ? 'accepted' : row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= now ? 'expired' : 'pending';
  const { tokenHash: _tokenHash, workspaceId: _workspaceId, ...rest } = row;
  return { ...rest, status } as const;
}

const isPending = () => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`));

export async function listInvitations(db: Db, workspaceId: string) {
  const rows = await db.select().from(invitations).where(eq(invitations.workspaceId, workspaceId)).orderBy(desc(invitations.id));
  return rows.map((r) => present(r));
}

/**
 * Invites someone by e-mail. The inviter cannot grant more than they hold; the link's token is
 * random and only its SHA-256 is stored; inviting the same address again replaces the pending
 * invitation, so only the newest link works. The mail is written with the invitation and
 * delivered after commit.
 */
export async function createInvitation(ctx: AppContext, actor: Actor, input: { email: string; role: Role }) {
  if (!canGrant(actor.role, input.role)) {
    throw new AppError('forbidden', `A ${actor.role} cannot invite someone as ${input.role}.`);
  }
  const email = normaliseEmail(input.email);
  const workspace = await getWorkspace(ctx.db, actor.workspaceId);
  const existing = await findUserByEmail(ctx.db, email);
  if (existing && (await getMembershipRole(ctx.db, actor.workspaceId, existing.id))) {
    throw new AppError('conflict', `${email} is already a member of this workspace.`);
  }
  const token = randomToken(43);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const { row, mail } = await ctx.db.transaction(async (tx) => {
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.workspaceId, actor.workspaceId), eq(invitations.email, email), isPending()))
      .returning({ id: invitations.id });
    const [row] = await tx
      .insert(invitations)
      .values({ workspaceId: actor.workspaceId, id: newId(), email, role: input.role, tokenHash: sha256(token), invitedBy: actor.userId ?? null, expiresAt })
      .returning();
    const content = invitationMail({
      to: email,
      workspaceName: workspace.name,
      role: input.role,
      link: `${ctx.config.publicUrl}/invite/${token}`,
      expiresAt,
      inviter: actor.kind === 'user' ? actor.label : undefined,
    });
    const mail = await sendMail(tx, actor.workspaceId, content, ctx);
    await recordAudit(tx, actor, {
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: row.id,
      details: { email, role: input.role, mailId: mail.id, replaced: replaced.map((r) => r.id) },
    });
    return { row, mail };
  });
  await mail.deliver();
  return present(row);
}

/** Withdraws a pending invitation; its link stops working at once. */
export async function revokeInvitation(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const where = and(eq(invitations.workspaceId, actor.workspaceId), eq(invitations.id, id));
    const [row] = await tx.update(invitations).set({ revokedAt: sql`now()` }).where(and(where, isNull(invitations.acceptedAt), isNull(invitations.revokedAt))).returning();
    if (!row) {
      const [other] = await tx.select({ acceptedAt: invitations.acceptedAt }).from(invitations).where(where);
      if (other?.acceptedAt) throw new AppError('conflict', 'This invitation was already accepted; remove the member instead.');
      throw notFound('Invitation');
    }
    await recordAudit(tx, actor, { action: 'invitation.revoked', targetType: 'invitation', targetId: id, details: { email: row.email, role: row.role } });
    return present(row);
  });
}

async function findPendingInvitation(db: Db, token: string) {
  const [row] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(and(eq(invitations.tokenHash, sha256(token)), isPending()));
  // Unknown, expired, revoked and used links look the same: the holder learns nothing more.
  if (!row) throw notFound('Invitation');
  return row;
}

/** What the invitation page shows before accepting; `userExists` decides between sign-up and sign-in. */
export async function previewInvitation(db: Db, token: string) {
  const { invitation, workspaceName } = await findPendingInvitation(db, token);
  const user = await findUserByEmail(db, invitation.email);
  return { workspaceName, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, userExists: Boolean(user) };
}

/**
 * Accepts an invitation: creates the account (or, when the e-mail has one, requires its password),
 * adds the membership, uses up the invitation and signs the person in — all in one transaction, so
 * a link can never be used twice.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name?: string; password: string },
  client: ClientInfo,
  lifetime: SessionLifetime,
) {
  const { invitation } = await findPendingInvitation(db, token);
  const existing = await findUserByEmail(db, invitation.email);
  let passwordHash: string | undefined;
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, input.password))) {
      // A wrong password here is a failed sign-in to that account: its workspaces see it as one.
      for (const w of await listWorkspacesOfUser(db, existing.id)) {
        await recordAudit(db, { kind: 'user', workspaceId: w.id, role: w.role, userId: existing.id, label: existing.email, ...client }, {
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: existing.id,
          details: { via: 'invitation' },
        });
      }
      throw new AppError('unauthorized', `The password does not match the existing account of ${invitation.email}.`);
    }
  } else {
    const checked = ZPassword.safeParse(input.password);
    if (!checked.success) {
      throw new AppError('validation_failed', 'The new password is too short.', {
        errors: [{ path: 'body.password', message: checked.error.issues[0].message }],
      });
    }
    passwordHash = await hashPassword(input.password);
  }
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(and(eq(invitations.workspaceId, invitation.workspaceId), eq(invitations.id, invitation.id), isPending()))
      .returning();
    if (!claimed) throw notFound('Invitation');
    let user = existing ?? (await findUserByEmail(tx, invitation.email));
    if (!existing && user) {
      // Someone created this account since the password was checked; never adopt it unverified.
      throw new AppError('conflict', 'An account for this e-mail was just created; open the invitation again to sign in.');
    }
    user ??= (
      await tx.insert(users).values({ id: newId(), email: invitation.email, name: input.name ?? '', passwordHash: passwordHash! }).returning()
    )[0];
    await tx.insert(memberships).values({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role }).onConflictDoNothing();
    const role = (await getMembershipRole(tx, invitation.workspaceId, user.id))!;
    const actor: Actor = { kind: 'user', workspaceId: invitation.workspaceId, role, userId: user.id, label: user.email, ...client };
    await recordAudit(tx, actor, {
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: invitation.id,
      details: { email: user.email, role, newAccount: !existing },
    });
    const session = await openSession(tx, user, { id: invitation.workspaceId, role }, client, lifetime);
    return { workspaceId: invitation.workspaceId, csrfToken: session.csrfToken, token: session.token };
  });
}

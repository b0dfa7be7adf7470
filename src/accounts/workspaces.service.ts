import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { preparedQuery } from '../platform/db/prepared.js';
import type { Actor } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { memberships, users, workspaces, type Role } from './accounts.tables.js';
import { hashPassword, verifyPassword } from './passwords.js';

export type Workspace = typeof workspaces.$inferSelect;

export interface NewWorkspaceWithOwner {
  workspaceName: string;
  email: string;
  password: string;
  name?: string;
  timeZone?: string;
  defaultLanguage?: string;
  baseCurrency?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${normaliseEmail(email)}`);
  return u;
}

/**
 * Creates a workspace and makes the given person its owner. An existing user (same e-mail) must
 * prove the password before gaining a new workspace, so setup cannot hijack an account.
 */
export async function createWorkspaceWithOwner(db: Db, input: NewWorkspaceWithOwner) {
  const existing = await findUserByEmail(db, input.email);
  if (existing && !(await verifyPassword(existing.passwordHash, input.password))) {
    throw new AppError('conflict', `A user ${input.email} already exists and the password does not match.`);
  }
  const passwordHash = existing ? existing.passwordHash : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const workspaceId = newId();
    await tx.insert(workspaces).values({
      id: workspaceId,
      name: input.workspaceName,
      timeZone: input.timeZone ?? 'UTC',
      defaultLanguage: input.defaultLanguage ?? 'en',
      baseCurrency: input.baseCurrency ?? 'EUR',
    });
    let user = await findUserByEmail(tx, input.email);
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ id: newId(), email: normaliseEmail(input.email), name: input.name ?? '', passwordHash })
        .returning();
    }
    await tx.insert(memberships).values({ workspaceId, userId: user.id, role: 'owner' });
    await recordAudit(tx, { kind: 'system', workspaceId, role: 'owner', label: 'setup' }, {
      action: 'workspace.created',
      targetType: 'workspace',
      targetId: workspaceId,
      details: { name: input.workspaceName, owner: user.email },
    });
    return { workspaceId, userId: user.id };
  });
}

const workspaceById = preparedQuery((db) =>
  db.select().from(workspaces).where(eq(workspaces.id, sql.placeholder('id'))).prepare('kunde_workspace_by_id'),
);

export async function getWorkspace(db: Db, workspaceId: string): Promise<Workspace> {
  const [w] = await workspaceById(db).execute({ id: workspaceId });
  if (!w) throw notFound('Workspace');
  return w;
}

export async function countWorkspaces(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  return r.n;
}

export async function listWorkspacesOfUser(db: Db, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name));
}

export async function getMembershipRole(db: Db, workspaceId: string, userId: string): Promise<Role | undefined> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return m?.role;
}

export type WorkspaceSettings = Partial<Pick<Workspace, 'name' | 'timeZone' | 'defaultLanguage' | 'baseCurrency'>>;

/** Changes workspace settings; the time zone must be one Intl knows, so dates render everywhere. */
export async function updateWorkspace(db: Db, actor: Actor, patch: WorkspaceSettings): Promise<Workspace> {
  if (patch.timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: patch.timeZone });
    } catch {
      throw new AppError('validation_failed', `Unknown time zone "${patch.timeZone}".`, {
        errors: [{ path: 'body.timeZone', message: 'is not an IANA time zone' }],
      });
    }
  }
  return db.transaction(async (tx) => {
    const [w] = await tx.update(workspaces).set(patch).where(eq(workspaces.id, actor.workspaceId)).returning();
    if (!w) throw notFound('Workspace');
    await recordAudit(tx, actor, { action: 'workspace.updated', targetType: 'workspace', targetId: w.id, details: patch });
    return w;
  });
}

/** Any signed-in user may start another workspace and owns it; an API key belongs to one workspace. */
export async function createAdditionalWorkspace(db: Db, actor: Actor, name: string) {
  if (!actor.userId) throw new AppError('bad_request', 'API keys belong to one workspace; sign in as a user to create another.');
  return db.transaction(async (tx) => {
    const id = newId();
    const [w] = await tx.insert(workspaces).values({ id, name }).returning();
    await tx.insert(memberships).values({ workspaceId: id, userId: actor.userId!, role: 'owner' });
    await recordAudit(tx, { ...actor, workspaceId: id, role: 'owner' }, {
      action: 'workspace.created',
      targetType: 'workspace',
      targetId: id,
      details: { name },
    });
    return w;
  });
}

/** Every workspace of the installation with its number of members, oldest first (for operators). */
export async function listWorkspaces(db: Db) {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      timeZone: workspaces.timeZone,
      defaultLanguage: workspaces.defaultLanguage,
      baseCurrency: workspaces.baseCurrency,
      members: sql<number>`(select count(*)::int from ${memberships} where ${memberships.workspaceId} = ${workspaces.id})`,
      createdAt: workspaces.createdAt,
    })
    .from(workspaces)
    .orderBy(asc(workspaces.id));
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { preparedQuery } from '../platform/db/prepared.js';
import type { Actor } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { PERMISSIONS, can, type Permission } from '../platform/auth/permissions.js';
import { memberships, users, workspaces, type Role } from './accounts.tables.js';
import { getWorkspace } from './workspaces.service.js';

const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/**
 * Who is calling, as GET /me shows it: role and permissions, the workspace, and for a person their
 * profile and every workspace they may switch to. The dashboard asks on every page load, so a
 * person's view is one query (it was three) and a key's is the workspace alone.
 */
export async function describeCaller(db: Db, actor: Actor) {
  const { workspace, user, workspacesOfUser } = actor.userId
    ? await findPersonView(db, actor.workspaceId, actor.userId)
    : { workspace: await getWorkspace(db, actor.workspaceId), user: null, workspacesOfUser: undefined };
  return {
    kind: actor.kind,
    workspaceId: actor.workspaceId,
    role: actor.role,
    permissions: ALL_PERMISSIONS.filter((p) => can(actor.role, p)),
    workspace,
    user,
    apiKey: actor.apiKeyId ? { id: actor.apiKeyId, label: actor.label } : null,
    workspaces: workspacesOfUser ?? [{ id: workspace.id, name: workspace.name, role: actor.role }],
    csrfToken: actor.csrfToken ?? null,
  };
}

const personView = preparedQuery((db) =>
  db
    .select({
      workspace: workspaces,
      user: { id: users.id, email: users.email, name: users.name, language: users.language },
      // Ordered by name like the workspace switcher shows them.
      workspacesOfUser: sql<{ id: string; name: string; role: Role }[]>`coalesce((
        select json_agg(json_build_object('id', w.id, 'name', w.name, 'role', m.role) order by w.name)
        from ${memberships} m join ${workspaces} w on w.id = m.workspace_id
        where m.user_id = ${users.id}), '[]'::json)`,
    })
    .from(workspaces)
    .leftJoin(users, eq(users.id, sql.placeholder('userId')))
    .where(eq(workspaces.id, sql.placeholder('workspaceId')))
    .prepare('kunde_person_view'),
);

async function findPersonView(db: Db, workspaceId: string, userId: string) {
  const [row] = await personView(db).execute({ workspaceId, userId });
  if (!row) throw notFound('Workspace');
  return row;
}

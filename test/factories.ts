import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/platform/context.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { createApiKey } from '../src/accounts/api-keys.service.js';
import { memberships, ROLES, users, type Role } from '../src/accounts/accounts.tables.js';
import { hashPassword } from '../src/accounts/passwords.js';
import { systemActor } from '../src/platform/context.js';
import { newId, randomToken } from '../src/platform/ids.js';
import { call } from './helpers/app.js';

export interface TestWorkspace {
  workspaceId: string;
  ownerId: string;
  email: string;
  password: string;
  /** One API key per role. */
  keys: Record<Role, string>;
}

/** A workspace with an owner login and an API key for every role. */
export async function buildWorkspace(ctx: AppContext, name = `Test ${randomToken(5)}`): Promise<TestWorkspace> {
  const email = `owner-${randomToken(8).toLowerCase()}@example.com`;
  const password = `pw-${randomToken(16)}`;
  const { workspaceId, userId } = await createWorkspaceWithOwner(ctx.db, { workspaceName: name, email, password });
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) {
    keys[role] = (await createApiKey(ctx.db, systemActor(workspaceId), { name: `${role} key`, role })).key;
  }
  return { workspaceId, ownerId: userId, email, password, keys };
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
}

/** Signs in through the real login route and returns the session cookie and CSRF token. */
export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<TestSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0];
  return { cookie, csrfToken: res.json().csrfToken };
}

/**
 * Workspace isolation: each request, made with workspace B's admin key against workspace A's
 * resources, must answer 404 (the resource does not exist for B) — never 2xx, never 5xx.
 */
export async function expectIsolated(
  app: FastifyInstance,
  otherKey: string,
  requests: { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; body?: unknown }[],
): Promise<void> {
  for (const r of requests) {
    const res = await call(app, r.method, r.url, { key: otherKey, body: r.body });
    if (res.status !== 404) {
      throw new Error(`isolation: ${r.method} ${r.url} with another workspace's key answered ${res.status}, want 404`);
    }
  }
}

export interface TestMember {
  userId: string;
  email: string;
  password: string;
}

/** A user with a password and the given role in a workspace (a second role elsewhere: call again with `email`). */
export async function buildMember(ctx: AppContext, workspaceId: string, role: Role, existing?: TestMember): Promise<TestMember> {
  const member = existing ?? { userId: newId(), email: `${role}-${randomToken(8).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` };
  if (!existing) {
    await ctx.db.insert(users).values({ id: member.userId, email: member.email, name: `Test ${role}`, passwordHash: await hashPassword(member.password) });
  }
  await ctx.db.insert(memberships).values({ workspaceId, userId: member.userId, role });
  return member;
}

import { createContext, useContext } from 'react';
import { queryOptions } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './api';

export type Role = 'owner' | 'admin' | 'analyst' | 'agent' | 'viewer';
export const ROLES: Role[] = ['owner', 'admin', 'analyst', 'agent', 'viewer'];

export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: string;
  baseCurrency: string;
}

/** GET /api/v1/me: who is signed in, where, and what they may do. */
export interface Me {
  kind: 'user' | 'api_key' | 'system';
  workspaceId: string;
  role: Role;
  permissions: string[];
  workspace: Workspace;
  user: { id: string; email: string; name: string; language: string } | null;
  workspaces: { id: string; name: string; role: Role }[];
  csrfToken: string | null;
}

/** The session query; null means "not signed in" (a 401 here is an answer, not an error). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      const me = await api<Me>('/me', { signal, expectUnauthorized: true });
      setCsrfToken(me.csrfToken);
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 60_000,
  retry: false,
});

export const SessionContext = createContext<Me | null>(null);

/** The signed-in caller; only valid below RequireSession. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside RequireSession');
  return me;
}

/** The caller, or null on public pages (sign-in, invitation). */
export function useOptionalSession(): Me | null {
  return useContext(SessionContext);
}

/** Whether the caller's role holds a permission; pages hide what the role may not do. */
export function useCan(permission: string): boolean {
  return useSession().permissions.includes(permission);
}

const RANK: Record<Role, number> = { owner: 5, admin: 4, analyst: 3, agent: 2, viewer: 1 };

/** Roles the caller may hand out (nobody grants more than they hold; the server enforces it too). */
export function grantableRoles(role: Role): Role[] {
  return ROLES.filter((r) => RANK[r] <= RANK[role]);
}

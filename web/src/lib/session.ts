import { createContext, useContext } from 'react';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, client, ok, setCsrfToken, type ApiData } from './api';

/** GET /api/v1/me: who is signed in, where, and what they may do. */
export type Me = ApiData<'get', '/me'>;
export type Role = Me['role'];
export type Workspace = Me['workspace'];
export const ROLES = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const satisfies readonly Role[];

/** A role picked in a form, or undefined if the value is not one (the server checks again). */
export const roleOf = (value: string | undefined): Role | undefined => ROLES.find((r) => r === value);

/** The session query; null means "not signed in" (a 401 here is an answer, not an error). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      const me = await ok(client.GET('/me', { signal }), { expectUnauthorized: true });
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

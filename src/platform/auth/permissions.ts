import type { Role } from './roles.js';

/**
 * What each role may do: the single table checked on every route (routes name a permission in
 * their config; the auth hook refuses start-up if an /api route names none) and shown in docs/roles.md.
 *
 * owner   — everything, including ownership and deleting the workspace
 * admin   — everything but ownership: members, keys, settings, erasure
 * analyst — reads everything, builds segments, personas, imports, analyses
 * agent   — works with customers day to day: reads profiles, records events and notes
 * viewer  — reads dashboards and profiles, changes nothing
 */
export const PERMISSIONS = {
  'workspace:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'workspace:manage': ['owner', 'admin'],
  'members:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'members:manage': ['owner', 'admin'],
  'api-keys:manage': ['owner', 'admin'],
  'audit:read': ['owner', 'admin'],
  'jobs:read': ['owner', 'admin', 'analyst'],
  'jobs:manage': ['owner', 'admin'],
  'outbox:read': ['owner', 'admin'],
  'customers:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'customers:write': ['owner', 'admin', 'analyst', 'agent'],
  'customers:import': ['owner', 'admin', 'analyst'],
  'customers:erase': ['owner', 'admin'],
  'customers:export': ['owner', 'admin'],
  'customers:merge': ['owner', 'admin'],
  'events:write': ['owner', 'admin', 'analyst', 'agent'],
  'segments:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'segments:manage': ['owner', 'admin', 'analyst'],
  'surveys:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'surveys:manage': ['owner', 'admin', 'analyst'],
  'surveys:export': ['owner', 'admin', 'analyst'],
  'text:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'text:write': ['owner', 'admin', 'analyst', 'agent'],
  'text:train': ['owner', 'admin', 'analyst'],
  'text:manage': ['owner', 'admin', 'analyst'],
  'text:export': ['owner', 'admin', 'analyst'],
  'analytics:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'churn:train': ['owner', 'admin', 'analyst'],
  'inbox:read': ['owner', 'admin', 'analyst', 'agent', 'viewer'],
  'inbox:write': ['owner', 'admin', 'analyst', 'agent'],
  'inbox:manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

const RANK: Record<Role, number> = { owner: 5, admin: 4, analyst: 3, agent: 2, viewer: 1 };

/** Nobody may hand out more power than they hold (an admin cannot mint owner keys). */
export const canGrant = (granter: Role, role: Role): boolean => RANK[granter] >= RANK[role];

/** The roles a member or API key can hold, most powerful first. The platform's permission table is written in them. */
export const ROLES = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

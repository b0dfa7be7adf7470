import { z } from 'zod';
import { ROLES } from './accounts.tables.js';

export const ZRole = z.enum(ROLES);
export const ZId = z.uuid();
export const ZIdParams = z.object({ id: z.uuid() });
export const ZEmail = z.email().max(320);
export const ZPassword = z.string().min(12, 'must be at least 12 characters').max(256);
export const ZLanguage = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag like "da" or "zh-CN"');

export const ZLogin = z.object({
  email: ZEmail,
  password: z.string().min(1).max(256),
  workspaceId: z.uuid().optional(),
});

export const ZWorkspace = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  defaultLanguage: z.string(),
  baseCurrency: z.string(),
  createdAt: z.date(),
});

export const ZWorkspacePatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    timeZone: z.string().min(1).max(64),
    defaultLanguage: ZLanguage,
    baseCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "DKK"'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one setting to change');

export const ZMe = z.object({
  kind: z.enum(['user', 'api_key', 'system']),
  workspaceId: z.uuid(),
  role: ZRole,
  permissions: z.array(z.string()),
  workspace: ZWorkspace,
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), language: z.string() }).nullable(),
  apiKey: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  workspaces: z.array(z.object({ id: z.uuid(), name: z.string(), role: ZRole })),
  csrfToken: z.string().nullable(),
});

export const ZApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: ZRole,
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const ZNewApiKey = z.object({
  name: z.string().trim().min(1).max(100),
  role: ZRole.default('analyst'),
});

export const ZNewWorkspace = z.object({ name: z.string().trim().min(1).max(120) });

/** Languages a person can pick for the dashboard and e-mails; unsupported catalogs fall back to English. */
export const USER_LANGUAGES = ['en', 'da', 'de', 'tr', 'zh'] as const;

export const ZProfilePatch = z
  .object({
    name: z.string().trim().max(120),
    language: z.enum(USER_LANGUAGES),
    currentPassword: z.string().min(1).max(256),
    newPassword: ZPassword,
  })
  .partial()
  .refine((v) => v.name !== undefined || v.language !== undefined || v.newPassword !== undefined, 'send a name, language or newPassword to change')
  .refine((v) => !v.newPassword || v.currentPassword, { path: ['currentPassword'], message: 'is required to set a new password' });

export const ZUserProfile = z.object({ id: z.uuid(), email: z.string(), name: z.string(), language: z.string() });

export const ZSession = z.object({
  id: z.uuid(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});

export const ZMember = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: ZRole, createdAt: z.date() });
export const ZMemberParams = z.object({ userId: z.uuid() });
export const ZMemberPatch = z.object({ role: ZRole });

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

export const ZInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: ZRole,
  invitedBy: z.uuid().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: z.enum(INVITATION_STATUSES),
});

export const ZNewInvitation = z.object({ email: ZEmail, role: ZRole });

// Tokens are 43 alphanumerics; anything else cannot be one, so it fails validation, not a lookup.
export const ZInvitationToken = z.object({ token: z.string().regex(/^[A-Za-z0-9]{43}$/, 'is not an invitation token') });

export const ZInvitationPreview = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: ZRole,
  expiresAt: z.date(),
  userExists: z.boolean(),
});

// The password is checked against the 12-character rule only when it creates a new account:
// an existing account's password is verified as it is.
export const ZAcceptInvitation = z.object({
  name: z.string().trim().max(120).optional(),
  password: z.string().min(1).max(256),
});

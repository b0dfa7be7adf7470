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

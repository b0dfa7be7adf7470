import { z } from 'zod';
import { ZCursorParam } from '../../platform/http/cursor.js';
import { ZRuleDocument } from '../segments/rules.js';

/** Built-in avatars the dashboard ships, for personas without an uploaded picture ("preset:<key>"). */
export const PRESET_AVATARS = [
  'explorer', 'pragmatist', 'loyalist', 'bargain-hunter', 'newcomer', 'skeptic',
  'champion', 'busy-professional', 'family-planner', 'tech-enthusiast', 'traveller', 'student',
] as const;

export const MAX_AVATAR_BYTES = 256 * 1024;
const DATA_URL = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]+={0,2})$/;

/** Bytes a base64 payload decodes to, without decoding it. */
const decodedBytes = (b64: string) => Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

export const ZAvatar = z
  .string()
  .max(Math.ceil((MAX_AVATAR_BYTES * 4) / 3) + 64, `the picture must be at most ${MAX_AVATAR_BYTES / 1024} KB`)
  .superRefine((v, ctx) => {
    if (v.startsWith('preset:')) {
      if (!(PRESET_AVATARS as readonly string[]).includes(v.slice(7))) {
        ctx.addIssue({ code: 'custom', message: `unknown preset avatar; use one of ${PRESET_AVATARS.map((p) => `preset:${p}`).join(', ')}` });
      }
      return;
    }
    const m = DATA_URL.exec(v);
    if (!m) ctx.addIssue({ code: 'custom', message: 'must be a base64 data: URL of a PNG, JPEG, WebP or GIF image, or "preset:<key>"' });
    else if (decodedBytes(m[2]) > MAX_AVATAR_BYTES) ctx.addIssue({ code: 'custom', message: `the picture must be at most ${MAX_AVATAR_BYTES / 1024} KB` });
  });

const ZItems = z.array(z.string().trim().min(1).max(300)).max(20);

export const ZDemographics = z
  .object({
    ageBand: z.string().max(50),
    gender: z.string().max(50),
    incomeBand: z.string().max(50),
    location: z.string().max(200),
    occupation: z.string().max(200),
    education: z.string().max(200),
    familyStatus: z.string().max(200),
  })
  .partial()
  .catchall(z.string().max(200))
  .refine((d) => Object.keys(d).length <= 20, 'at most 20 demographic entries');

const personaFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000),
  avatar: ZAvatar.nullable(),
  demographics: ZDemographics,
  goals: ZItems,
  motivations: ZItems,
  painPoints: ZItems,
  preferredChannels: z.array(z.string().trim().min(1).max(50)).max(20),
  rules: ZRuleDocument,
};

export const ZNewPersona = z.object({
  ...personaFields,
  description: personaFields.description.default(''),
  avatar: personaFields.avatar.default(null),
  demographics: personaFields.demographics.default({}),
  goals: ZItems.default([]),
  motivations: ZItems.default([]),
  painPoints: ZItems.default([]),
  preferredChannels: personaFields.preferredChannels.default([]),
});
export type TNewPersona = z.infer<typeof ZNewPersona>;

export const ZPersonaPatch = z
  .object(personaFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type TPersonaPatch = z.infer<typeof ZPersonaPatch>;

export const ZPersona = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  avatar: z.string().nullable(),
  demographics: z.record(z.string(), z.string().optional()),
  goals: z.array(z.string()),
  motivations: z.array(z.string()),
  painPoints: z.array(z.string()),
  preferredChannels: z.array(z.string()),
  rules: z.record(z.string(), z.unknown()),
  /** Customers matching the persona's rule when last counted (see countedAt). */
  matchedCount: z.number().int(),
  /** matchedCount as a fraction of all live customers, 0–1. */
  share: z.number(),
  countedAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TPersona = z.infer<typeof ZPersona>;

export const ZPersonaIdParams = z.object({ id: z.uuid() });
export const ZPersonaQuery = z.object({
  /** Count again now instead of using a count younger than a minute. */
  refresh: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export const ZPersonaListQuery = ZPersonaQuery.extend({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZPersonaList = z.object({ data: z.array(ZPersona), nextCursor: z.string().nullable() });

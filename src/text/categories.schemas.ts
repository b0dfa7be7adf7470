import { z } from 'zod';

const ZKeyword = z.string().trim().min(1).max(100);
export const ZCategoryRules = z
  .record(z.string().regex(/^(any|[a-z]{2,3})$/, 'a language code such as "da", or "any"'), z.array(ZKeyword).max(300))
  .refine((r) => Object.keys(r).length <= 30, 'at most 30 languages')
  .describe('keywords/phrases per language ("any" for every language); matched at word starts with accents folded, Chinese/Japanese anywhere');

export const ZCategoryKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'lower-case letters, digits, "_" or "-" (up to 48)');
export const ZCategoryParams = z.object({ key: ZCategoryKey });

export const ZCategory = z.object({
  key: z.string(),
  label: z.string(),
  rules: z.record(z.string(), z.array(z.string())),
  isReadyMade: z.boolean().describe('one of the ready-made categories every workspace starts with'),
  updatedAt: z.date().nullable(),
});
export type TCategory = z.infer<typeof ZCategory>;

export const ZNewCategory = z.object({ key: ZCategoryKey, label: z.string().trim().min(1).max(100), rules: ZCategoryRules });
export const ZCategoryPatch = z
  .object({ label: z.string().trim().min(1).max(100).optional(), rules: ZCategoryRules.optional() })
  .refine((v) => v.label !== undefined || v.rules !== undefined, 'give a label, rules or both');

export const ZCategoryList = z.object({ data: z.array(ZCategory), retagRunId: z.string().nullable().optional() });
export const ZCategoryWrite = z.object({ category: ZCategory.nullable(), retagRunId: z.string().describe('the re-tag run that applies the change to stored texts (GET /text/runs/{id})') });

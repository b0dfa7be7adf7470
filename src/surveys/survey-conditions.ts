import { z } from 'zod';

/** BCP 47-ish language tag ("en", "da", "pt-BR", "zh-Hans"). */
export const ZLanguage = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'must be a language code such as "en" or "pt-BR"');

/** A text in each of the survey's languages: {"en": "…", "da": "…"}. */
export const ZLocalized = z.record(ZLanguage, z.string().trim().max(2000));
export type TLocalized = z.infer<typeof ZLocalized>;

export const ZQuestionId = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w-]{0,63}$/, 'must start with a letter and use letters, digits, _ and - (at most 64)');

export const CONDITION_OPS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'not_in', 'contains', 'answered', 'not_answered'] as const;

/** One test on an earlier answer, e.g. {"question":"q1","op":"lte","value":6}. */
export const ZCondition = z.object({
  question: ZQuestionId,
  op: z.enum(CONDITION_OPS),
  /** A number or text for eq…gte/contains, [min, max] for between, a list for in/not_in; absent for answered. */
  value: z.union([z.number(), z.string().max(500), z.array(z.union([z.number(), z.string().max(500)])).max(100)]).optional(),
});
export type TCondition = z.infer<typeof ZCondition>;

/** Conditions combined with "all" (and) or "any" (or). */
export const ZConditionGroup = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZCondition).min(1).max(20),
});
export type TConditionGroup = z.infer<typeof ZConditionGroup>;


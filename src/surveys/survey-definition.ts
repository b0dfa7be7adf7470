import { z } from 'zod';
import { ZSurveySettings } from './survey-settings.js';
import { ZConditionGroup, ZLanguage, ZLocalized, ZQuestionId } from './survey-conditions.js';

export * from './survey-conditions.js';

/**
 * The survey definition: questions with their types, branching, hidden fields, thank-you screens and
 * settings. Everything here is stored as one JSON document per version, so a response keeps its
 * meaning when the survey is edited later (responses store the version they answered).
 */

/**
 * Branching of one question: `show` hides the question unless its conditions hold (they may name only
 * earlier questions); `jumps` are checked after it is answered, first match wins, and go to a later
 * question or to the end.
 */
export const ZQuestionLogic = z.object({
  show: ZConditionGroup.optional(),
  jumps: z.array(z.object({ when: ZConditionGroup, to: z.union([ZQuestionId, z.literal('end')]) })).max(20).default([]),
});
export type TQuestionLogic = z.infer<typeof ZQuestionLogic>;

const ZScale = (min: number, max: number) =>
  z
    .object({ min: z.number().int().min(0).max(1).default(min), max: z.number().int().min(2).max(10).default(max) })
    .default({ min, max });

const base = {
  id: ZQuestionId,
  text: ZLocalized,
  description: ZLocalized.optional(),
  required: z.boolean().default(false),
  logic: ZQuestionLogic.optional(),
};

/** Labels under the ends of a scale ("Not at all likely" … "Extremely likely"); built-in strings when absent. */
const ZScaleLabels = z.object({ low: ZLocalized.optional(), high: ZLocalized.optional() }).optional();

export const ZChoiceOption = z.object({ id: ZQuestionId, label: ZLocalized });

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'rating', 'single_choice', 'multiple_choice', 'text', 'contact'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'company'] as const;

export const ZQuestion = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('nps'), labels: ZScaleLabels }),
  z.object({ ...base, type: z.literal('csat'), scale: ZScale(1, 5), style: z.enum(['numbers', 'stars', 'emoji']).default('numbers'), labels: ZScaleLabels }),
  z.object({ ...base, type: z.literal('ces'), scale: ZScale(1, 7), labels: ZScaleLabels }),
  z.object({ ...base, type: z.literal('rating'), scale: ZScale(1, 5), style: z.enum(['stars', 'emoji', 'numbers']).default('stars'), labels: ZScaleLabels }),
  z.object({
    ...base,
    type: z.literal('single_choice'),
    options: z.array(ZChoiceOption).min(1).max(50),
    allowOther: z.boolean().default(false),
    otherLabel: ZLocalized.optional(),
    randomize: z.boolean().default(false),
  }),
  z.object({
    ...base,
    type: z.literal('multiple_choice'),
    options: z.array(ZChoiceOption).min(1).max(50),
    allowOther: z.boolean().default(false),
    otherLabel: ZLocalized.optional(),
    randomize: z.boolean().default(false),
    minSelected: z.number().int().min(0).max(50).optional(),
    maxSelected: z.number().int().min(1).max(50).optional(),
  }),
  z.object({ ...base, type: z.literal('text'), multiline: z.boolean().default(true), maxLength: z.number().int().min(1).max(10_000).default(2000), placeholder: ZLocalized.optional() }),
  z.object({ ...base, type: z.literal('contact'), fields: z.array(z.enum(CONTACT_FIELDS)).min(1).max(4).default(['name', 'email']) }),
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TScoredQuestion = Extract<TQuestion, { type: 'nps' | 'csat' | 'ces' | 'rating' }>;
export type TChoiceQuestion = Extract<TQuestion, { type: 'single_choice' | 'multiple_choice' }>;

/** A thank-you screen; the first whose `when` holds is shown (one without `when` is the fallback). */
export const ZEnding = z.object({
  id: ZQuestionId,
  when: ZConditionGroup.optional(),
  title: ZLocalized,
  body: ZLocalized.optional(),
  button: z.object({ label: ZLocalized, url: z.url().max(2000) }).optional(),
});
export type TEnding = z.infer<typeof ZEnding>;

export const ZHiddenFieldName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w-]{0,63}$/, 'must start with a letter and use letters, digits, _ and -');

/** Free-form slugs, with the common ones listed for pickers. */
export const KNOWN_TOUCHPOINTS = ['post-purchase', 'delivery', 'support', 'onboarding', 'webinar', 'sales', 'website', 'product', 'churn', 'renewal', 'event', 'other'] as const;
export const KNOWN_CHANNELS = ['email', 'link', 'qr', 'website', 'in_app', 'sms', 'api', 'import'] as const;
const ZSlugText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/-]*$/u, 'must start with a letter or digit');

/** The fields of a survey that are part of its definition (what a version freezes). */
export const definitionFields = {
  name: z.string().trim().min(1).max(200),
  touchpoint: ZSlugText,
  channel: ZSlugText,
  team: ZSlugText.nullish(),
  languages: z.array(ZLanguage).min(1).max(30),
  defaultLanguage: ZLanguage.optional(),
  questions: z.array(ZQuestion).min(1).max(100),
  hiddenFields: z.array(ZHiddenFieldName).max(30).default([]),
  endings: z.array(ZEnding).max(20).default([]),
  settings: ZSurveySettings.default(ZSurveySettings.parse({})),
};

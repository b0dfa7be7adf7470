import { z } from 'zod';
import { ZAttributeKey } from '../../customers/customers.schemas.js';
import { ZMetricQuery } from './metrics.schemas.js';

/** At most this many attributes per request: each text attribute may add up to 7 dummies. */
export const MAX_DRIVER_ATTRIBUTES = 6;

export const ZKeyDriverQuery = ZMetricQuery.pick({ from: true, to: true, touchpoint: true, channel: true, team: true, language: true, segmentId: true, personaId: true }).extend({
  surveyId: z.uuid().describe('The survey whose questions are the candidate drivers'),
  questionId: z.string().max(64).optional().describe('The NPS question explained; the survey\'s first NPS question when absent'),
  attributes: z.string().max(500)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(ZAttributeKey).max(MAX_DRIVER_ATTRIBUTES))
    .optional()
    .describe('Comma-separated custom attribute keys of the respondents to add as drivers (number as is, boolean 0/1, text with ≤ 8 values as one dummy per level); an unknown key is a 422'),
});
export type TKeyDriverQuery = z.infer<typeof ZKeyDriverQuery>;

export const ZKeyDriver = z.object({
  key: z.string().describe('Question id, `attribute:<key>`, or `attribute:<key>=<level>` for one level of a text attribute'),
  label: z.string().describe('The question text, the attribute label, or "Plan = Pro" for a level'),
  type: z.enum(['csat', 'ces', 'rating', 'single_choice', 'number', 'boolean', 'category']),
  source: z.enum(['question', 'attribute']),
  reference: z.string().nullable().describe('For a text attribute level: the reference level it is compared with (the most common); else null'),
  importance: z.number().describe('Share of the explained variance (R²) in %, LMG/Shapley; drivers sum to 100'),
  r2Points: z.number().describe('The same share in R² points (drivers sum to r2)'),
  r2Alone: z.number().describe('R² of NPS on this driver alone'),
  direction: z.enum(['positive', 'negative']).nullable().describe('Sign of the correlation with the NPS score; null for choice questions (for an attribute level: vs the reference level)'),
  coverage: z.number().int().describe('Responses that answered this question'),
});

export const ZKeyDrivers = z.object({
  surveyId: z.string(),
  questionId: z.string().nullable(),
  method: z.string(),
  n: z.number().int().describe('Responses with every driver answered (complete cases) used in the regression'),
  responses: z.number().int().describe('Responses with an NPS answer in scope (newest 20,000 at most)'),
  r2: z.number().nullable().describe('R² of the full model'),
  smallSample: z.boolean(),
  drivers: z.array(ZKeyDriver).describe('Ranked, most important first'),
  excluded: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type TKeyDrivers = z.infer<typeof ZKeyDrivers>;

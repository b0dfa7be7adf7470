import { z } from 'zod';
import { ZMetricQuery } from './metrics.schemas.js';

export const ZKeyDriverQuery = ZMetricQuery.pick({ from: true, to: true, touchpoint: true, channel: true, team: true, language: true, segmentId: true, personaId: true }).extend({
  surveyId: z.uuid().describe('The survey whose questions are the candidate drivers'),
  questionId: z.string().max(64).optional().describe('The NPS question explained; the survey\'s first NPS question when absent'),
});
export type TKeyDriverQuery = z.infer<typeof ZKeyDriverQuery>;

export const ZKeyDriver = z.object({
  key: z.string().describe('Question id'),
  label: z.string(),
  type: z.enum(['csat', 'ces', 'rating', 'single_choice']),
  importance: z.number().describe('Share of the explained variance (R²) in %, LMG/Shapley; drivers sum to 100'),
  r2Points: z.number().describe('The same share in R² points (drivers sum to r2)'),
  r2Alone: z.number().describe('R² of NPS on this driver alone'),
  direction: z.enum(['positive', 'negative']).nullable().describe('Sign of the correlation with the NPS score; null for choice questions'),
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

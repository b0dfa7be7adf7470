import { z } from 'zod';

export const ZSentiment = z.enum(['positive', 'neutral', 'negative']);
const ZLanguage = z.string().trim().regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?$/, 'must be a language code such as "en", "da" or "zh-CN"');
const ZText = z.string().trim().min(1).max(20_000);

export const MAX_TEXTS_PER_CALL = 1000;

export const ZAnalyzeRequest = z.object({
  texts: z.array(z.object({ text: ZText, language: ZLanguage.optional() })).min(1).max(MAX_TEXTS_PER_CALL),
});
export type TAnalyzeRequest = z.infer<typeof ZAnalyzeRequest>;

export const ZAnalysis = z.object({
  language: z.string(),
  sentiment: ZSentiment,
  score: z.number().describe('−1 (negative) … +1 (positive)'),
  themes: z.array(z.string()),
  isFeatureRequest: z.boolean(),
});
export const ZAnalyzeResponse = z.object({ results: z.array(ZAnalysis) });
export type TAnalysis = z.infer<typeof ZAnalysis>;

export const ZExamplesRequest = z.object({
  examples: z.array(z.object({ text: ZText, sentiment: ZSentiment, language: ZLanguage.optional() })).min(1).max(MAX_TEXTS_PER_CALL),
});
export type TExamplesRequest = z.infer<typeof ZExamplesRequest>;
export const ZExamplesResponse = z.object({
  stored: z.number().int(),
  languages: z.record(z.string(), z.number().int()).describe('examples stored per detected language'),
});

export const ZTrainedModel = z.object({
  language: z.string(),
  examples: z.number().int(),
  accuracy: z.number().describe("the trained model's accuracy on this workspace's held-out examples"),
  baselineAccuracy: z.number().describe("the shipped model's accuracy on the same held-out examples"),
  active: z.boolean().describe('used for analysis: it beat the shipped model'),
  trainedAt: z.date().optional(),
});
export const ZTrainResponse = z.object({ models: z.array(ZTrainedModel) });
export type TTrainedModel = z.infer<typeof ZTrainedModel>;
export const ZTrainRequest = z.object({}).optional();

export const ZCorrection = z
  .object({
    sentiment: ZSentiment.optional(),
    themes: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  .refine((v) => v.sentiment !== undefined || v.themes !== undefined, 'give a sentiment, themes or both');
export const ZTextRefParams = z.object({ source: z.string().min(1).max(64), sourceId: z.string().min(1).max(200) });
export const ZStoredAnalysis = ZAnalysis.extend({
  source: z.string(),
  sourceId: z.string(),
  text: z.string(),
  correctedSentiment: ZSentiment.nullable(),
  correctedThemes: z.array(z.string()).nullable(),
  keyPhrases: z.array(z.string()).optional().describe('cross-language concepts ("delivery") and the text\'s own content words'),
  requestTopic: z.string().nullable().optional().describe('the topic a feature request is grouped under'),
  rating: z.object({ scale: z.enum(['nps', 'csat']), value: z.number() }).nullable().optional(),
  customerId: z.string().nullable().optional(),
  touchpoint: z.string().nullable().optional(),
  channel: z.string().nullable().optional(),
  team: z.string().nullable().optional(),
  occurredAt: z.date().optional(),
});
export type TStoredAnalysis = z.infer<typeof ZStoredAnalysis>;

import { z } from 'zod';

// PostgreSQL's timestamptz cannot hold every date JavaScript can (year −1 answers an error, not an empty view).
const ZDay = z.coerce.date().min(new Date('1970-01-01T00:00:00Z')).max(new Date('9999-12-31T00:00:00Z'));

/** The filter every insight view, comment list and CSV export takes: period, language, where and who. */
export const ZInsightFilterFields = {
  from: ZDay.optional().describe('start of the period (default: 8 weeks before `to`)'),
  to: ZDay.optional().describe('end of the period, exclusive (default: now)'),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  source: z.string().min(1).max(64).optional().describe('e.g. survey_response'),
  touchpoint: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(200).optional(),
  team: z.string().min(1).max(200).optional(),
  segmentId: z.uuid().optional().describe('only texts of customers in this segment'),
  personaId: z.uuid().optional().describe('only texts of customers who fit this persona'),
};
export const ZInsightsQuery = z.object(ZInsightFilterFields);
export type TInsightsQuery = z.infer<typeof ZInsightsQuery>;

const ZExample = z.object({ source: z.string(), sourceId: z.string(), text: z.string().describe('customer text: render as text, never HTML') });

export const ZInsights = z.object({
  from: z.date(),
  to: z.date(),
  texts: z.number().int(),
  isTruncated: z.boolean().describe('the period had more texts than are read; the newest were used'),
  nps: z.number().nullable(),
  themes: z.array(
    z.object({
      theme: z.string(),
      mentions: z.number().int(),
      share: z.number(),
      positive: z.number().int(),
      neutral: z.number().int(),
      negative: z.number().int(),
      averageScore: z.number(),
      npsImpact: z.number().nullable().describe('NPS points gained if the detractors mentioning this theme were gone'),
      featureRequests: z.number().int(),
      examples: z.array(ZExample),
    }),
  ),
  rising: z.array(z.object({ theme: z.string(), latestShare: z.number(), usualShare: z.number(), threshold: z.number(), reason: z.string() })),
  featureRequests: z.array(z.object({ theme: z.string(), count: z.number().int(), examples: z.array(ZExample) })),
  trend: z.array(z.object({ weekStart: z.date(), texts: z.number().int(), themes: z.record(z.string(), z.number().int()) })).optional().describe('mentions per theme per week, oldest first'),
  cooccurrence: z.array(z.object({ a: z.string(), b: z.string(), count: z.number().int() })).optional().describe('pairs of themes mentioned in the same text'),
  phrases: z.array(z.object({ phrase: z.string(), count: z.number().int(), negative: z.number().int(), positive: z.number().int() })).optional().describe('key phrases (concepts merged across languages, then words) for a cloud, top 100'),
});
export type TInsights = z.infer<typeof ZInsights>;

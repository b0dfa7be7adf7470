import { z } from 'zod';
import { ZCursorParam } from '../platform/http/cursor.js';
import { ZSentiment } from './text.schemas.js';
import { ZInsightFilterFields } from './insights.schemas.js';

// The dashboard's reads beside /text/insights: the comments behind a theme (paged) and the views for
// those who like to look (weekly trend per theme, theme co-occurrence, the words customers use).

export const ZCommentsQuery = z.object({
  ...ZInsightFilterFields,
  theme: z.string().trim().min(1).max(100).optional().describe('only texts with this theme (a correction counts)'),
  sentiment: ZSentiment.optional().describe('only texts of this sentiment (a correction counts)'),
  featureRequests: z.enum(['true', 'false']).optional().describe('only feature requests (true) or only other texts (false)'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: ZCursorParam.optional(),
});
export type TCommentsQuery = z.infer<typeof ZCommentsQuery>;

export const ZComment = z.object({
  source: z.string(),
  sourceId: z.string(),
  text: z.string().describe('customer text: render as text, never HTML'),
  language: z.string(),
  sentiment: ZSentiment.describe('the correction where there is one, else the machine verdict'),
  score: z.number(),
  themes: z.array(z.string()).describe('the correction where there is one, else the machine verdict'),
  isFeatureRequest: z.boolean(),
  isCorrected: z.boolean(),
  ratingScale: z.enum(['nps', 'csat']).nullable(),
  rating: z.number().int().nullable(),
  customerId: z.string().nullable().describe('the customer who wrote it, where known (GET /customers/{id})'),
  touchpoint: z.string().nullable(),
  channel: z.string().nullable(),
  team: z.string().nullable(),
  occurredAt: z.date(),
});
export const ZCommentPage = z.object({ data: z.array(ZComment), nextCursor: z.string().nullable() });
export type TComment = z.infer<typeof ZComment>;

export const ZExploreQuery = z.object(ZInsightFilterFields);
export type TExploreQuery = z.infer<typeof ZExploreQuery>;

export const ZExplore = z.object({
  from: z.date(),
  to: z.date(),
  texts: z.number().int(),
  weeks: z.array(
    z.object({
      start: z.date(),
      texts: z.number().int(),
      themes: z.record(z.string(), z.number().int()).describe('mentions per theme that week'),
    }),
  ),
  cooccurrence: z.array(z.object({ a: z.string(), b: z.string(), count: z.number().int() })).describe('texts mentioning both themes (a < b)'),
  terms: z
    .array(z.object({ term: z.string(), count: z.number().int(), averageScore: z.number() }))
    .describe('words and two-word phrases by the number of texts using them (stop-words left out), top 80'),
});
export type TExplore = z.infer<typeof ZExplore>;

export const ZFacets = z.object({
  touchpoints: z.array(z.string()),
  channels: z.array(z.string()),
  teams: z.array(z.string()),
  languages: z.array(z.string()),
}).describe('values the insight filter can take, most used first (up to 200 each)');
export type TFacets = z.infer<typeof ZFacets>;

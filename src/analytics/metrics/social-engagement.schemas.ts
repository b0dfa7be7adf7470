import { z } from 'zod';
import { INTERVALS } from './metrics.schemas.js';

const ZBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const ZSocialQuery = z.object({
  from: ZBound.optional().describe('Reports from (a day in the workspace time zone, or an instant)'),
  to: ZBound.optional().describe('Up to (a day: inclusive; an instant: exclusive)'),
  interval: z.enum(INTERVALS).optional().describe('Adds a series by the local day of each report'),
  groupBy: z.enum(['network']).optional().describe('Adds groups per network (the event\'s channel)'),
  network: z.string().trim().min(1).max(50).optional().describe('Only this network'),
});
export type TSocialQuery = z.infer<typeof ZSocialQuery>;

const num = z.number().nullable();

export const ZSocialFigure = z.object({
  value: num.describe('Engagement rate: engagements ÷ impressions × 100; null without impressions'),
  low: num.describe('95 % Wilson interval with impressions as n; null when engagements exceed impressions (not a share then)'),
  high: num,
  n: z.number().describe('Impressions'),
  engagements: z.number(),
  reports: z.number().int().describe('social_metrics events counted'),
});
export type TSocialFigure = z.infer<typeof ZSocialFigure>;

export const ZSocialEngagement = ZSocialFigure.extend({
  metric: z.literal('social-engagement'),
  formula: z.string(),
  timeZone: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  interval: z.enum(INTERVALS).nullable(),
  series: z.array(ZSocialFigure.extend({ period: z.string(), start: z.string(), end: z.string() })).optional(),
  groups: z.array(ZSocialFigure.extend({ key: z.string().nullable() })).optional(),
});
export type TSocialEngagement = z.infer<typeof ZSocialEngagement>;

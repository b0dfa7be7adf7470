import { z } from 'zod';
import { INTERVALS } from './metrics.schemas.js';

const ZBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Query of the support metrics (first response, resolution, FCR, SLA, follow-ups, backlog). */
export const ZSupportMetricQuery = z.object({
  from: ZBound.optional().describe('Conversations started from (a day in the workspace time zone, or an instant): by their first customer message, so imported history by its own dates'),
  to: ZBound.optional().describe('Up to (a day: inclusive; an instant: exclusive)'),
  interval: z.enum(INTERVALS).optional().describe('Adds a series by the local day conversations started'),
  groupBy: z.enum(['team', 'agent', 'channel', 'tag']).optional().describe('Adds groups (a conversation with several tags counts in each)'),
  channel: z.string().trim().min(1).max(50).optional(),
  team: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(['message', 'follow_up']).optional().describe('Conversations of one kind (default: both; follow-up metrics always read follow-ups)'),
});
export type TSupportMetricQuery = z.infer<typeof ZSupportMetricQuery>;

const num = z.number().nullable();

export const ZSupportFigure = z.object({
  value: num.describe('The metric: minutes (times) or percent (rates); null without data'),
  n: z.number().int().describe('Conversations the value is computed from'),
  low: num.optional().describe('Lower end of the 95 % interval of value: order statistics for median times, Wilson for rates; null when n is too small; absent for counts'),
  high: num.optional().describe('Upper end of the 95 % interval of value'),
  mean: num.optional().describe('Times: mean minutes'),
  businessMedian: num.optional().describe('Times: median in business minutes (workspace hours and holidays)'),
  businessMean: num.optional(),
  pending: z.number().int().optional().describe('Times: conversations still waiting (not in n)'),
  met: z.number().int().optional(),
  missed: z.number().int().optional(),
  firstResponseMet: num.optional().describe('SLA: % of decided first-response targets met'),
  resolutionMet: num.optional().describe('SLA: % of decided resolution targets met'),
  onFirstContact: z.number().int().optional(),
  opened: z.number().int().optional(),
  followedUp: z.number().int().optional(),
  open: z.number().int().optional(),
  volume: z.number().int().optional().describe('Conversations started in the period'),
  medianMinutes: num.optional().describe('Follow-up: median minutes from the detractor answer to the first contact'),
});
export type TSupportFigure = z.infer<typeof ZSupportFigure>;

export const ZSupportMetric = ZSupportFigure.extend({
  metric: z.enum(['first-response-time', 'resolution-time', 'fcr', 'sla', 'follow-up', 'backlog']),
  formulaName: z.string(),
  formula: z.string(),
  unit: z.enum(['minutes', 'percent', 'count']),
  timeZone: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  interval: z.enum(INTERVALS).nullable(),
  groupBy: z.string().nullable(),
  series: z.array(ZSupportFigure.extend({ period: z.string(), start: z.string(), end: z.string() })).optional(),
  groups: z.array(ZSupportFigure.extend({ key: z.string().nullable() })).optional(),
});
export type TSupportMetric = z.infer<typeof ZSupportMetric>;

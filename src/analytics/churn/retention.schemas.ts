import { z } from 'zod';
import { ZPredictiveClv } from '../clv/clv.schemas.js';
import { INTERVALS, ZSignificanceTest } from '../metrics/metrics.schemas.js';

const ZDay = z.iso.date().or(z.iso.datetime({ offset: true }));

export const ZRetentionQuery = z.object({
  from: ZDay.optional().describe('Start (inclusive); default 12 months before to'),
  to: ZDay.optional().describe('End (exclusive); default now'),
  interval: z.enum(['week', 'month', 'quarter']).default('month'),
});
export type TRetentionQuery = z.infer<typeof ZRetentionQuery>;

const ZPeriod = z.object({
  from: z.date(),
  to: z.date(),
  atStart: z.number(),
  lost: z.number(),
  newCustomers: z.number(),
  atEnd: z.number(),
  value: z.number().nullable(),
  low: z.number().nullable().describe('Lower end of the 95 % Wilson interval of value (the customers at start are its n)'),
  high: z.number().nullable().describe('Upper end of the 95 % Wilson interval of value'),
  simpleValue: z.number().nullable().optional(),
});

const ZRule = z.object({ churnedAfterDays: z.number(), timeZone: z.string() });

export const ZChurnMetric = z.object({
  metric: z.literal('churn'),
  formula: z.string(),
  value: z.number().nullable().describe('Churn rate % of the last period of the series'),
  n: z.number().describe('Customers at the start of that period'),
  rule: ZRule,
  series: z.array(ZPeriod),
  npsByChurn: z.object({ churned: z.number().nullable(), retained: z.number().nullable(), churnedAnswers: z.number(), retainedAnswers: z.number() }),
});

export const ZRetentionMetric = z.object({
  metric: z.literal('retention'),
  formula: z.string(),
  value: z.number().nullable().describe('Retention rate % of the last period: (end − new) ÷ start × 100'),
  simpleValue: z.number().nullable().describe('end ÷ start × 100 of the same period'),
  n: z.number(),
  rule: ZRule,
  series: z.array(ZPeriod),
  cohorts: z.array(z.object({ cohort: z.string(), size: z.number(), retention: z.array(z.number().nullable()) })),
});

export const ZClvQuery = z.object({
  margin: z.coerce.number().min(0).max(1).optional().describe('Gross margin applied to net spend (0–1); default the workspace gross margin (PATCH /customer-settings grossMargin, 1 until set)'),
  from: ZDay.optional().describe('Start (inclusive): a day in the workspace time zone, or an instant; with interval, default 12 months before to'),
  to: ZDay.optional().describe('End: a day is inclusive (up to the end of that day), an instant exclusive; default now'),
  interval: z.enum(INTERVALS).optional().describe('Adds a series: historical CLV at the end of each day, week (Monday), month or quarter in the workspace time zone'),
  groupBy: z
    .string()
    .regex(/^(segment|persona|country|lifecycle|attribute:[A-Za-z0-9_][\w.-]{0,63})$/, 'must be segment, persona, country, lifecycle or attribute:<key>')
    .optional()
    .describe('Adds groups of customers, each tested against the rest'),
  compare: z.enum(['previous']).optional().describe('Compare with the period of the same length just before from…to'),
});
export type TClvQuery = z.infer<typeof ZClvQuery>;

const num = z.number().nullable();

/** Historical CLV at the end of one period (or of from…to): buyers by then, mean with its 95 % t-interval, revenue inside. */
export const ZClvFigure = z.object({
  value: num.describe('Mean net spend to date × margin over the buyers by the end, minor units of the base currency; null without buyers'),
  n: z.number().int().describe('Live customers with a purchase before the end'),
  low: num.describe('Lower end of the 95 % t-interval of the mean (× margin)'),
  high: num.describe('Upper end of the 95 % t-interval of the mean (× margin)'),
  marginOfError: num.describe('Half-width of that interval; null below two buyers'),
  smallSample: z.boolean().describe('Fewer than 30 buyers: read the number with care'),
  revenue: z.number().describe('Net spend (purchases − refunds) inside the period, minor units of the base currency, before margin'),
});
export type TClvFigure = z.infer<typeof ZClvFigure>;

const ZClvPoint = ZClvFigure.extend({
  period: z.string().describe('First local day of the period (YYYY-MM-DD)'),
  start: z.string().describe('Instant the period starts (inclusive)'),
  end: z.string().describe('Instant the period ends (exclusive); spend to date is taken here, or at to if that is sooner'),
});

export const ZClvMetric = z.object({
  metric: z.literal('clv'),
  formula: z.string(),
  value: z.number().nullable().describe('Mean historical CLV per buyer, minor units of the base currency'),
  n: z.number().describe('Buyers'),
  currency: z.string(),
  margin: z.number().describe('The margin applied (0–1)'),
  marginSource: z.enum(['query', 'workspace']).describe('query: the margin parameter; workspace: the workspace gross margin setting'),
  total: z.number(),
  median: z.number().nullable(),
  customers: z.number(),
  predictive: ZPredictiveClv.nullable().describe('BG/NBD + Gamma-Gamma over the next 52 weeks (POST /analytics/clv-model/fit, and nightly); null before the first fit'),
  timeZone: z.string().optional().describe('With from, to, interval, groupBy or compare: the zone periods are cut in'),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  interval: z.enum(INTERVALS).nullable().optional(),
  groupBy: z.string().nullable().optional(),
  period: ZClvFigure.optional().describe('Historical CLV at the end of from…to, and the revenue inside it'),
  series: z.array(ZClvPoint).optional(),
  groups: z.array(ZClvFigure.extend({
    key: z.string().nullable().describe('null: customers without a value for this dimension'),
    label: z.string().nullable(),
    vsRest: ZSignificanceTest.describe('This group\'s mean against all other buyers (Welch)'),
    series: z.array(ZClvPoint).optional(),
  })).optional(),
  comparison: z.object({ from: z.string(), to: z.string(), previous: ZClvFigure, test: ZSignificanceTest.describe('This period\'s end against the previous one\'s (Welch on the two means)') }).optional(),
});
export type TClvSeriesPart = Pick<z.infer<typeof ZClvMetric>, 'timeZone' | 'from' | 'to' | 'interval' | 'groupBy' | 'period' | 'series' | 'groups' | 'comparison'>;

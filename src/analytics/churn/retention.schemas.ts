import { z } from 'zod';
import { ZPredictiveClv } from '../clv/clv.schemas.js';

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
  margin: z.coerce.number().min(0).max(1).default(1).describe('Gross margin applied to net spend (0–1)'),
});

export const ZClvMetric = z.object({
  metric: z.literal('clv'),
  formula: z.string(),
  value: z.number().nullable().describe('Mean historical CLV per buyer, minor units of the base currency'),
  n: z.number().describe('Buyers'),
  currency: z.string(),
  margin: z.number(),
  total: z.number(),
  median: z.number().nullable(),
  customers: z.number(),
  predictive: ZPredictiveClv.nullable().describe('BG/NBD + Gamma-Gamma over the next 52 weeks (POST /analytics/clv-model/fit, and nightly); null before the first fit'),
});

import { z } from 'zod';

export const INTERVALS = ['day', 'week', 'month', 'quarter'] as const;
export const RESPONSE_DIMENSIONS = ['survey', 'touchpoint', 'channel', 'team', 'language'] as const;
export const CUSTOMER_DIMENSIONS = ['segment', 'persona', 'country', 'lifecycle'] as const;

const ZBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const ZSlug = z.string().trim().min(1).max(100);

/** Query of every /metrics/* route. */
export const ZMetricQuery = z.object({
  surveyId: z.uuid().optional().describe('One survey; all surveys of the workspace when absent'),
  questionId: z.string().max(64).optional().describe("One question of the survey; else every question of the metric's type"),
  from: ZBound.optional().describe('Start (inclusive): a day in the workspace time zone, or an instant'),
  to: ZBound.optional().describe('End: a day is inclusive (up to the end of that day), an instant exclusive'),
  interval: z.enum(INTERVALS).optional().describe('Adds a series: one point per day, week (Monday), month or quarter in the workspace time zone'),
  groupBy: z
    .string()
    .regex(/^(survey|touchpoint|channel|team|language|segment|persona|country|lifecycle|attribute:[A-Za-z0-9_][\w.-]{0,63})$/, 'must be survey, touchpoint, channel, team, language, segment, persona, country, lifecycle or attribute:<key>')
    .optional()
    .describe('Adds groups, each tested against the rest'),
  compare: z.enum(['previous']).optional().describe('Compare with the period of the same length just before from…to'),
  compareFrom: ZBound.optional().describe('Start of the period to compare with'),
  compareTo: ZBound.optional().describe('End of the period to compare with'),
  groupA: z.string().trim().min(1).max(200).optional().describe('With groupBy and groupB: compare this group (its key, e.g. a team or segment id) with groupB'),
  groupB: z.string().trim().min(1).max(200).optional().describe('The other group of the comparison'),
  touchpoint: ZSlug.optional(),
  channel: ZSlug.optional(),
  team: ZSlug.optional(),
  language: z.string().trim().min(1).max(35).optional(),
  segmentId: z.uuid().optional().describe('Only responses of customers in this segment'),
  personaId: z.uuid().optional().describe('Only responses of customers matching this persona'),
});
export type TMetricQuery = z.infer<typeof ZMetricQuery>;

export const ZCsatQuery = ZMetricQuery.extend({
  topBoxes: z.coerce.number().int().min(1).max(3).default(2).describe('How many top boxes count as satisfied (2: 4–5 on 1–5)'),
});
export type TCsatQuery = z.infer<typeof ZCsatQuery>;

const num = z.number().nullable();

/** The figures of one cell: the whole scope, one period, or one group. */
export const ZMetricFigure = z.object({
  value: num.describe('The metric in its unit; null without answers'),
  n: z.number().int().describe('Answers (responses for response-rate)'),
  low: num.describe('Lower end of the 95 % interval of value'),
  high: num.describe('Upper end of the 95 % interval of value'),
  marginOfError: num.describe('Half-width of a symmetric 95 % interval (NPS, CES mean); null for Wilson intervals'),
  smallSample: z.boolean().describe('Fewer than 30 answers: read the number with care'),
  nps: num.optional(),
  promoters: z.number().int().optional(),
  passives: z.number().int().optional(),
  detractors: z.number().int().optional(),
  satisfied: z.number().int().optional(),
  mean: num.optional(),
  meanLow: num.optional(),
  meanHigh: num.optional(),
  easy: z.number().int().optional(),
  easyPercent: num.optional(),
  easyLow: num.optional(),
  easyHigh: num.optional(),
  finished: z.number().int().optional(),
  partial: z.number().int().optional(),
  viaInvitation: z.number().int().optional(),
});
export type TMetricFigure = z.infer<typeof ZMetricFigure>;

export const ZSignificanceTest = z.object({
  difference: num,
  standardError: num,
  z: num,
  pValue: num.describe('Two-sided'),
  verdict: z.enum(['significant', 'not_significant', 'too_few_responses']),
  note: z.string(),
});

export const ZSeriesPoint = ZMetricFigure.extend({
  period: z.string().describe('First local day of the period (YYYY-MM-DD)'),
  start: z.string().describe('Instant the period starts (inclusive)'),
  end: z.string().describe('Instant the period ends (exclusive)'),
});

export const ZMetricGroup = ZMetricFigure.extend({
  key: z.string().nullable().describe('null: responses without a value for this dimension'),
  label: z.string().nullable(),
  vsRest: ZSignificanceTest.describe('This group against all other answers in scope'),
  series: z.array(ZSeriesPoint).optional(),
});

const ZRate = z.object({
  invited: z.number().int().describe('Invitations delivered'),
  responded: z.number().int().describe('Delivered invitations with a response'),
  responseRate: num.describe('responded ÷ invited × 100; null without invitations'),
  low: num.describe('Lower end of the 95 % Wilson interval'),
  high: num.describe('Upper end of the 95 % Wilson interval'),
});
export const ZInvitationRates = ZRate.extend({
  bySurvey: z.array(ZRate.extend({ surveyId: z.string(), name: z.string() })),
  byWave: z.array(ZRate.extend({ surveyId: z.string(), waveId: z.string(), name: z.string(), kind: z.string(), createdAt: z.string() })),
  byChannel: z.array(z.object({ channel: z.string(), responses: z.number().int(), finished: z.number().int(), invited: z.number().int().nullable(), responseRate: num })),
});
export type TInvitationRates = z.infer<typeof ZInvitationRates>;

export const ZMetricAnswer = ZMetricFigure.extend({
  metric: z.enum(['nps', 'csat', 'ces', 'response-rate']),
  formulaName: z.string(),
  formula: z.string(),
  unit: z.enum(['points', 'percent', 'scale']),
  timeZone: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  interval: z.enum(INTERVALS).nullable(),
  groupBy: z.string().nullable(),
  surveys: z.array(z.object({ id: z.string(), name: z.string() })),
  questions: z.array(z.object({ surveyId: z.string(), questionId: z.string(), scaleMin: z.number(), scaleMax: z.number() })),
  series: z.array(ZSeriesPoint).optional(),
  groups: z.array(ZMetricGroup).optional(),
  comparison: z
    .object({ from: z.string().nullable(), to: z.string().nullable(), previous: ZMetricFigure, test: ZSignificanceTest.describe('This period against the compared one') })
    .optional(),
  groupComparison: z
    .object({
      a: ZMetricFigure.extend({ key: z.string(), label: z.string() }),
      b: ZMetricFigure.extend({ key: z.string(), label: z.string() }),
      test: ZSignificanceTest.describe('Group a against group b (a − b), as two independent samples'),
    })
    .optional()
    .describe('Present when groupA and groupB are given'),
  responseRate: num.optional().describe('Responses ÷ invitations sent; null until invitation counts are available'),
  missing: z.string().optional().describe('What this answer cannot show yet, and why'),
  source: z.enum(['rollup', 'raw']).optional().describe('rollup: summed from daily answer counts; raw: scanned from the responses (customer dimensions, segment/persona filters, bounds off local midnight)'),
  invitations: ZInvitationRates.optional().describe('Response rate from e-mail invitations: overall, per survey, per wave and per channel'),
});
export type TMetricAnswer = z.infer<typeof ZMetricAnswer>;

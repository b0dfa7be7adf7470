import { z } from 'zod';

const ZDay = z.iso.date().or(z.iso.datetime({ offset: true }));

export const ZChurnReasonQuery = z.object({
  from: ZDay.optional().describe('Start (inclusive); default 12 months before to'),
  to: ZDay.optional().describe('End (exclusive); default now'),
  surveyId: z.uuid().optional().describe('An exit survey: its answers of the lost customers are counted too'),
  questionId: z.string().min(1).max(64).optional().describe('The exit survey\'s question (e.g. "why are you leaving"); required with surveyId'),
});
export type TChurnReasonQuery = z.infer<typeof ZChurnReasonQuery>;

const ZReason = z.object({
  key: z.string().describe('The reason as compared: trimmed, spaces collapsed, lower case (a choice: its option id)'),
  label: z.string().describe('How it reads: the first spelling seen, or the option\'s label'),
  customers: z.number().int(),
  share: z.number().describe('customers ÷ lost customers who gave a reason × 100'),
  low: z.number().nullable().describe('95 % Wilson interval of share'),
  high: z.number().nullable(),
});

export const ZChurnReasons = z.object({
  metric: z.literal('churn-reasons'),
  formula: z.string(),
  from: z.date(),
  to: z.date(),
  lost: z.number().int().describe('Customers lost in the period under the lifecycle rule (inactivity or a cancellation)'),
  smallSample: z.boolean().describe('Fewer than 30 lost customers gave a reason: read the shares with care'),
  cancellations: z.object({
    withReason: z.number().int().describe('Lost customers whose latest subscription_cancelled event has a reason'),
    reasons: z.array(ZReason).describe('Most frequent first'),
  }),
  exitSurvey: z
    .object({
      surveyId: z.string(),
      questionId: z.string(),
      answered: z.number().int().describe('Lost customers who answered the question (their newest answer counts)'),
      answers: z.array(ZReason).describe('Most frequent first; a multiple-choice answer counts under each option picked'),
    })
    .nullable(),
});
export type TChurnReasons = z.infer<typeof ZChurnReasons>;

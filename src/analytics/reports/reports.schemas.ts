import { z } from 'zod';

export const ZDigestSettingsInput = z
  .object({
    isEnabled: z.boolean(),
    frequency: z.enum(['weekly', 'monthly']),
    recipients: z.array(z.uuid()).max(200).describe('User ids of workspace members'),
  })
  .strict();
export type TDigestSettingsInput = z.infer<typeof ZDigestSettingsInput>;

export const ZDigestSettings = ZDigestSettingsInput.extend({
  lastSentPeriod: z.string().nullable().describe('First day of the newest period sent'),
  lastSentAt: z.date().nullable(),
  members: z.array(z.object({ userId: z.uuid(), name: z.string().nullable(), email: z.string() })).describe('Members who can be chosen'),
});

const ZHeadline = z.object({
  metric: z.enum(['nps', 'csat', 'ces', 'response-rate', 'churn']),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  n: z.number(),
});

const ZMover = z.object({
  metric: z.enum(['nps', 'csat']),
  touchpoint: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number(),
  n: z.number(),
});

export const ZDigest = z.object({
  period: z.object({ frequency: z.enum(['weekly', 'monthly']), from: z.string(), to: z.string(), previousFrom: z.string() }),
  headline: z.array(ZHeadline),
  movers: z.array(ZMover).describe('Touchpoints whose NPS or CSAT moved most against the previous period'),
});
export type TDigest = z.infer<typeof ZDigest>;

export const ZSendDigestResult = z.object({ digest: ZDigest, sentTo: z.array(z.string()) });

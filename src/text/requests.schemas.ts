import { z } from 'zod';
import { REQUEST_STATUSES } from './insight.tables.js';

const ZExample = z.object({ source: z.string(), sourceId: z.string(), text: z.string().describe('customer text: render as text, never HTML') });
export const ZRequestTopicParams = z.object({ topic: z.string().trim().min(1).max(200) });

export const ZRequestTopic = z.object({
  topic: z.string().describe('a cross-language concept ("app", "checkout"), a category, or the request\'s own words'),
  count: z.number().int().describe('feature-request texts on this topic'),
  customers: z.number().int().describe('distinct known customers asking'),
  customerValue: z.object({ totalSpend: z.number(), clv: z.number() }).describe('sum over the customers asking, minor units of the base currency'),
  status: z.enum(REQUEST_STATUSES),
  notifiedAt: z.date().nullable(),
  notifiedCount: z.number().int(),
  lastAskedAt: z.date(),
  languages: z.record(z.string(), z.number().int()),
  examples: z.array(ZExample),
});
export type TRequestTopic = z.infer<typeof ZRequestTopic>;
export const ZRequestTopicList = z.object({ data: z.array(ZRequestTopic) });

export const ZRequestCustomers = z.object({
  data: z.array(z.object({ customerId: z.string(), name: z.string().nullable(), email: z.string().nullable(), totalSpend: z.number(), clv: z.number(), requests: z.number().int() })),
});

export const ZStatusPatch = z.object({ status: z.enum(REQUEST_STATUSES) });
export const ZNotifyRequest = z.object({
  subject: z.string().trim().min(1).max(200),
  message: z.string().trim().min(1).max(10_000).describe('plain text; sent as text, never HTML'),
});
export const ZNotifyResult = z.object({ notified: z.number().int().describe('customers with an e-mail address written to the outbox'), skipped: z.number().int().describe('customers asking without an e-mail address') });

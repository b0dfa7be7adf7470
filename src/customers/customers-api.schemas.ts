import { z } from 'zod';
import type { Rejection } from './rejections.js';
import { LIFECYCLE_STAGES, NPS_CATEGORIES } from './customers.tables.js';

/** Response shapes of the customers API (and the settings patch), split from the inputs for size. */

/** A custom attribute's value (its type is defined per workspace). */
export const ZAttributeValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "DKK"');

export const ZIdentity = z.object({ kind: z.string(), value: z.string(), originCustomerId: z.uuid(), createdAt: z.date() });

export const ZTraits = z.object({
  orderCount: z.number(),
  totalSpend: z.number().describe('Purchases in minor units of the workspace base currency (refunds not deducted; see clv)'),
  baseCurrency: z.string(),
  spendByCurrency: z.record(z.string(), z.number()),
  avgOrderValue: z.number(),
  refundTotal: z.number(),
  clv: z.number(),
  firstPurchaseAt: z.date().nullable(),
  lastPurchaseAt: z.date().nullable(),
  lastActivityAt: z.date().nullable(),
  daysSinceLastActivity: z.number().nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  npsScore: z.number().nullable(),
  npsCategory: z.enum(NPS_CATEGORIES).nullable(),
  csatScore: z.number().nullable(),
  cesScore: z.number().nullable(),
  lastSurveyAt: z.date().nullable(),
  supportCases: z.number(),
  openSupportCases: z.number(),
  eventCount: z.number(),
});

export const ZCustomer = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  language: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  birthDate: z.string().nullable(),
  ageBand: z.string().nullable(),
  gender: z.string().nullable(),
  incomeBand: z.string().nullable(),
  marketingConsent: z.boolean(),
  surveyConsent: z.boolean(),
  social: z.record(z.string(), z.string()),
  attributes: z.record(z.string(), ZAttributeValue),
  traits: ZTraits,
  churnRisk: z.number().nullable().describe("Churn propensity 0–1 from the workspace's newest churn model (null until scored)"),
  churnFactors: z
    .array(z.object({ factor: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), effect: z.number() }))
    .nullable()
    .describe('The inputs that moved the churn score most; effect in log-odds (positive raises the risk)'),
  createdAt: z.date(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  updatedAt: z.date(),
  erasedAt: z.date().nullable(),
});
export type TCustomer = z.infer<typeof ZCustomer>;

export const ZMerge = z.object({
  id: z.uuid(),
  winnerId: z.uuid(),
  loserId: z.uuid(),
  reason: z.string(),
  identifiers: z.array(z.object({ kind: z.string(), value: z.string() })),
  actorLabel: z.string(),
  createdAt: z.date(),
  undoneAt: z.date().nullable(),
  undoneBy: z.string().nullable(),
});

export const ZCustomerDetail = ZCustomer.extend({
  identities: z.array(ZIdentity),
  segments: z.array(z.object({ id: z.uuid(), name: z.string(), enteredAt: z.date() })),
  merges: z.array(ZMerge),
  /** Set when the requested id was merged away: the id asked for, now part of this profile. */
  mergedFrom: z.uuid().optional(),
});

export const ZTimelineItem = z.object({
  id: z.uuid(),
  type: z.string(),
  occurredAt: z.date(),
  receivedAt: z.date(),
  channel: z.string().nullable(),
  touchpoint: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  clientId: z.string().nullable(),
  originCustomerId: z.uuid(),
});

export const ZIngestResult = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  results: z.array(
    z.object({
      index: z.number(),
      status: z.enum(['accepted', 'duplicate', 'rejected']),
      eventId: z.string().optional(),
      customerId: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});
export type IngestResult = z.infer<typeof ZIngestResult>;

/**
 * What an upsert did with each profile. A refused row carries its reason as a typed `rejection`
 * (callers branch on it) and as `error` text (for import reports and API clients).
 */
export interface UpsertOutcome {
  index: number;
  status: 'created' | 'updated' | 'unchanged' | 'rejected';
  customerId?: string;
  error?: string;
  rejection?: Rejection;
}
export interface UpsertResult {
  results: UpsertOutcome[];
}

export const ZCustomerSettings = z.object({
  newWithinDays: z.number(),
  atRiskAfterDays: z.number(),
  churnedAfterDays: z.number(),
  currencyRates: z.record(z.string(), z.number()),
  grossMargin: z.number().describe('Gross margin (0 < m ≤ 1) applied to CLV when GET /metrics/clv has no margin parameter; 1 until set'),
  baseCurrency: z.string(),
  updatedAt: z.date().nullable(),
});
export const ZCustomerSettingsPatch = z
  .object({
    newWithinDays: z.number().int().min(1).max(3650),
    atRiskAfterDays: z.number().int().min(1).max(3650),
    churnedAfterDays: z.number().int().min(1).max(36500),
    currencyRates: z.record(ZCurrency, z.number().positive().max(1e9)),
    /** A fraction: 0.25 is 25 %. */
    grossMargin: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1 (a fraction: 0.25 is 25 %)'),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one setting to change');
export type TCustomerSettingsPatch = z.output<typeof ZCustomerSettingsPatch>;


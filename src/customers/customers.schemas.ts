import { z } from 'zod';
import { ZCursorParam } from '../platform/http/cursor.js';
import { ATTRIBUTE_TYPES, LIFECYCLE_STAGES, NPS_CATEGORIES } from './customers.tables.js';
import { ZAttributeValue } from './customers-api.schemas.js';

/** Lower-cased and trimmed: the form every e-mail identity is stored and matched in. */
export const normaliseEmailIdentity = (v: string): string => v.trim().toLowerCase();

/**
 * Phones are matched as "+<digits>": spaces, dashes, dots and brackets are dropped and an
 * international "00" prefix becomes "+", so "+45 12 34 56 78" and "0045-12345678" are one person.
 */
export function normalisePhone(v: string): string | undefined {
  let s = v.trim().replace(/[\s().\-/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  const digits = s.startsWith('+') ? s.slice(1) : s;
  return /^\d{5,17}$/.test(digits) ? `+${digits}` : undefined;
}

const ZIdentifier = z.string().trim().min(1).max(200);
export const ZEmailIdentity = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
  .transform(normaliseEmailIdentity);
export const ZPhoneIdentity = z
  .string()
  .max(40)
  .transform((v, c) => {
    const p = normalisePhone(v);
    if (!p) {
      c.addIssue({ code: 'custom', message: 'must be a phone number with 5–17 digits' });
      return z.NEVER;
    }
    return p;
  });
export const ZSocialHandles = z.record(
  z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a network name like "twitter"'),
  z.string().trim().min(1).max(200),
);

/** The identifiers an event may name; at least one is needed (checked per event by ingest). */
export const ZEventCustomer = z.object({
  /** Kunde's own customer id (a merged-away id follows its merge). */
  id: z.uuid().optional(),
  externalId: ZIdentifier.optional(),
  email: ZEmailIdentity.optional(),
  phone: ZPhoneIdentity.optional(),
  anonymousId: ZIdentifier.optional(),
  social: ZSocialHandles.optional(),
});

export const WELL_KNOWN_EVENT_TYPES = [
  'purchase',
  'refund',
  'signup',
  'page_view',
  'support_case_opened',
  'support_case_resolved',
  'subscription_started',
  'subscription_cancelled',
  'survey_invitation',
  'survey_response',
  'message',
  'note',
  'social_metrics',
] as const;

export const SURVEY_METRICS = ['nps', 'csat', 'ces'] as const;

const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "DKK"');
const ZMinorUnits = z.number().int('must be an integer in minor units (cents, øre)').min(-1e13).max(1e13);

/** Documented properties of the well-known event types; other keys are kept as sent. */
export const EVENT_PROPERTY_SCHEMAS = {
  purchase: z.looseObject({
    orderId: z.string().max(200).optional(),
    amount: ZMinorUnits.min(0),
    currency: ZCurrency.optional(),
    items: z.array(z.record(z.string(), z.unknown())).max(1000).optional(),
  }),
  refund: z.looseObject({ orderId: z.string().max(200).optional(), amount: ZMinorUnits.min(0), currency: ZCurrency.optional() }),
  support_case_opened: z.looseObject({
    caseId: z.string().max(200).optional(),
    contacts: z.number().int().min(0).optional(),
    team: z.string().max(200).optional(),
  }),
  support_case_resolved: z.looseObject({
    caseId: z.string().max(200).optional(),
    contacts: z.number().int().min(0).optional(),
    team: z.string().max(200).optional(),
  }),
  subscription_started: z.looseObject({ plan: z.string().max(200).optional() }),
  subscription_cancelled: z.looseObject({ reason: z.string().max(2000).optional() }),
  survey_response: z.looseObject({
    metric: z.enum(SURVEY_METRICS).optional(),
    score: z.number().optional(),
    surveyName: z.string().max(300).optional(),
    comment: z.string().max(20_000).optional(),
  }),
  note: z.looseObject({ text: z.string().min(1).max(20_000) }),
  // Reach of a social account or post over a period (the channel names the network); not customer activity.
  social_metrics: z.looseObject({
    impressions: z.number().int().min(0).max(1e12),
    engagements: z.number().int().min(0).max(1e12),
    postId: z.string().max(200).optional(),
  }),
} as const satisfies Record<string, z.ZodType>;

/** Score ranges per survey metric: NPS 0–10, CSAT 1–5, CES 1–7. */
export const METRIC_RANGES: Record<(typeof SURVEY_METRICS)[number], [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/** One event as sent to POST /events (or by an importer). */
export const ZEventInput = z.object({
  /** The sender's id for this event: the same id twice is stored once (safe retries). */
  id: z.string().trim().min(1).max(200).optional(),
  type: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z][\w.:-]*$/, 'must start with a letter and use letters, digits, _ . : -'),
  customer: ZEventCustomer,
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  channel: z.string().trim().min(1).max(50).optional(),
  touchpoint: z.string().trim().min(1).max(100).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type TEventInput = z.input<typeof ZEventInput>;
export type TEventParsed = z.output<typeof ZEventInput>;

export const ZAttributeKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][\w-]*$/, 'must start with a letter and use letters, digits, _ and -');

const ZText = (max: number) => z.string().trim().max(max);
const ZDate = z.iso.date();

/** A profile as sent to POST /customers (upsert) or by an importer. */
export const ZCustomerInput = z.object({
  externalId: ZIdentifier.optional(),
  email: ZEmailIdentity.optional(),
  phone: ZPhoneIdentity.optional(),
  anonymousId: ZIdentifier.optional(),
  name: ZText(300).optional(),
  language: ZText(35).optional(),
  country: ZText(100).optional(),
  city: ZText(200).optional(),
  birthDate: ZDate.optional(),
  ageBand: ZText(50).optional(),
  gender: ZText(50).optional(),
  incomeBand: ZText(50).optional(),
  marketingConsent: z.boolean().optional(),
  surveyConsent: z.boolean().optional(),
  social: ZSocialHandles.optional(),
  attributes: z.record(ZAttributeKey, ZAttributeValue).optional(),
});
export type TCustomerInput = z.input<typeof ZCustomerInput>;
export type TCustomerParsed = z.output<typeof ZCustomerInput>;

/** PATCH /customers/{id}: a null clears a field; attributes are merged key by key (null removes a key). */
export const ZCustomerPatch = z
  .object({
    externalId: ZIdentifier.nullable(),
    email: ZEmailIdentity.nullable(),
    phone: ZPhoneIdentity.nullable(),
    name: ZText(300).nullable(),
    language: ZText(35).nullable(),
    country: ZText(100).nullable(),
    city: ZText(200).nullable(),
    birthDate: ZDate.nullable(),
    ageBand: ZText(50).nullable(),
    gender: ZText(50).nullable(),
    incomeBand: ZText(50).nullable(),
    marketingConsent: z.boolean(),
    surveyConsent: z.boolean(),
    social: z.record(z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{0,31}$/), z.string().trim().min(1).max(200).nullable()),
    attributes: z.record(ZAttributeKey, ZAttributeValue),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type TCustomerPatch = z.output<typeof ZCustomerPatch>;

export const ZAttributeType = z.enum(ATTRIBUTE_TYPES);
export const ZAttributeDefinition = z.object({
  key: z.string(),
  type: ZAttributeType,
  label: z.string(),
  createdAt: z.date(),
});
export const ZAttributeDefinitionPut = z.object({ type: ZAttributeType, label: z.string().trim().min(1).max(200).optional() });

// Response shapes, settings and the like live beside these inputs; re-exported so callers import one module.
export * from './customers-api.schemas.js';

const ZBoolString = z.enum(['true', 'false']);

/** GET /customers: filters, sort and keyset cursor; `attr.<key>[.<op>]=` filters pass through. */
export const ZCustomerListQuery = z.looseObject({
  email: z.string().max(320).optional(),
  externalId: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  segment: z.uuid().optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  npsCategory: z.enum(NPS_CATEGORIES).optional(),
  country: z.string().max(100).optional(),
  language: z.string().max(35).optional(),
  marketingConsent: ZBoolString.optional(),
  surveyConsent: ZBoolString.optional(),
  sort: z.enum(['lastSeenAt', 'createdAt', 'totalSpend', 'name']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZCursorParam.optional(),
});
export type TCustomerListQuery = z.output<typeof ZCustomerListQuery>;

const ZCsv = z
  .string()
  .max(500)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

export const ZTimelineQuery = z.object({
  type: ZCsv.optional(),
  channel: ZCsv.optional(),
  before: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TTimelineQuery = z.output<typeof ZTimelineQuery>;

export const ZNoteInput = z.object({ text: z.string().trim().min(1).max(20_000) });

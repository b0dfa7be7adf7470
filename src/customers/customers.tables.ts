import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The text q= searches; the GIN index is built on exactly this expression, so keep them identical. */
export const CUSTOMER_SEARCH_TEXT = sql.raw(
  `coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(external_id, '') || ' ' || coalesce(phone, '')`,
);

export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'churned', 'reactivated'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;

/**
 * One row per person. Identifiers shown here (email, external id, phone) are the primary ones for
 * display and filters; customer_identities is the authority for resolution. Trait columns are
 * computed from events and kept current on ingest (see traits), so segments filter plain columns.
 */
export const customers = pgTable(
  'customers',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    externalId: text('external_id'),
    email: text('email'),
    phone: text('phone'),
    name: text('name'),
    language: text('language'),
    country: text('country'),
    city: text('city'),
    birthDate: date('birth_date'),
    ageBand: text('age_band'),
    gender: text('gender'),
    incomeBand: text('income_band'),
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    surveyConsent: boolean('survey_consent').notNull().default(true),
    social: jsonb('social').$type<Record<string, string>>().notNull().default({}),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    // computed traits
    orderCount: integer('order_count').notNull().default(0),
    totalSpend: bigint('total_spend', { mode: 'number' }).notNull().default(0),
    spendByCurrency: jsonb('spend_by_currency').$type<Record<string, number>>().notNull().default({}),
    avgOrderValue: bigint('avg_order_value', { mode: 'number' }).notNull().default(0),
    refundTotal: bigint('refund_total', { mode: 'number' }).notNull().default(0),
    clv: bigint('clv', { mode: 'number' }).notNull().default(0),
    firstPurchaseAt: ts('first_purchase_at'),
    lastPurchaseAt: ts('last_purchase_at'),
    lastActivityAt: ts('last_activity_at'),
    /** When the customer came back after a gap of at least churnedAfterDays (drives 'reactivated'). */
    reactivatedAt: ts('reactivated_at'),
    lifecycleStage: text('lifecycle_stage', { enum: LIFECYCLE_STAGES }).notNull().default('new'),
    npsScore: smallint('nps_score'),
    npsCategory: text('nps_category', { enum: NPS_CATEGORIES }),
    csatScore: real('csat_score'),
    cesScore: real('ces_score'),
    lastSurveyAt: ts('last_survey_at'),
    supportCases: integer('support_cases').notNull().default(0),
    openSupportCases: integer('open_support_cases').notNull().default(0),
    /** Kept so open cases (opened − resolved, never below zero) can be updated by adding new events. */
    resolvedSupportCases: integer('resolved_support_cases').notNull().default(0),
    eventCount: integer('event_count').notNull().default(0),
    /** Churn propensity 0–1 from the workspace's churn model (written by analytics through analytics-export.service). */
    churnRisk: real('churn_risk'),
    /** The factors that moved this customer's score most: [{factor, value, effect}] (effect in log-odds). */
    churnFactors: jsonb('churn_factors').$type<{ factor: string; value: string | number | boolean | null; effect: number }[]>(),
    churnScoredAt: ts('churn_scored_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Set on the profile that lost a merge; it then resolves to the winner. */
    mergedInto: uuid('merged_into'),
    erasedAt: ts('erased_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // No indexes on email / external_id here: lookups by identifier go through customer_identities'
    // primary key, and each extra index costs every insert (≈ 10 % of a bulk import's database time).
    index('customers_last_seen_idx').on(t.workspaceId, t.lastSeenAt, t.id),
    index('customers_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('customers_lifecycle_idx').on(t.workspaceId, t.lifecycleStage),
    index('customers_churn_risk_idx').on(t.workspaceId, t.churnRisk).where(sql`${t.churnRisk} is not null`),
    index('customers_merged_into_idx').on(t.workspaceId, t.mergedInto).where(sql`${t.mergedInto} is not null`),
    // q= search: trigram GIN (pg_trgm, btree_gin for the uuid) over the same expression searchText() builds.
    index('customers_search_idx').using('gin', t.workspaceId, sql`(${CUSTOMER_SEARCH_TEXT}) gin_trgm_ops`),
  ],
);

export const IDENTITY_KINDS = ['external_id', 'email', 'phone', 'anonymous_id'] as const;

/**
 * Every identifier that points at a customer: the unique key (workspace, kind, value) is what makes
 * two concurrent requests for the same new person end up on one profile. `originCustomerId` remembers
 * where the identifier was first seen, so a merge can be undone. Social handles use kind
 * 'social:<network>' (e.g. 'social:twitter').
 */
export const customerIdentities = pgTable(
  'customer_identities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    customerId: uuid('customer_id').notNull(),
    originCustomerId: uuid('origin_customer_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.kind, t.value] }),
    index('customer_identities_customer_idx').on(t.workspaceId, t.customerId),
  ],
);

/**
 * Everything that happened with a customer: purchases, support cases, survey answers, messages,
 * notes, custom events. `clientId` is the sender's id for safe retries. Money is in minor units.
 */
export const customerEvents = pgTable(
  'customer_events',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    originCustomerId: uuid('origin_customer_id').notNull(),
    clientId: text('client_id'),
    type: text('type').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    channel: text('channel'),
    touchpoint: text('touchpoint'),
    amount: bigint('amount', { mode: 'number' }),
    currency: text('currency'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('customer_events_client_id_key').on(t.workspaceId, t.clientId).where(sql`${t.clientId} is not null`),
    index('customer_events_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt),
    index('customer_events_type_idx').on(t.workspaceId, t.type, t.occurredAt),
  ],
);

/** Why two profiles became one, and how to separate them again. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    winnerId: uuid('winner_id').notNull(),
    loserId: uuid('loser_id').notNull(),
    reason: text('reason').notNull(),
    /** The identifiers that linked the two profiles, e.g. [{kind:'email', value:'…'}]. */
    identifiers: jsonb('identifiers').$type<{ kind: string; value: string }[]>().notNull().default([]),
    /** The loser's profile fields before the merge, restored by undo. */
    loserSnapshot: jsonb('loser_snapshot').$type<Record<string, unknown>>().notNull(),
    actorLabel: text('actor_label').notNull().default('system'),
    createdAt: ts('created_at').notNull().defaultNow(),
    undoneAt: ts('undone_at'),
    undoneBy: text('undone_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('customer_merges_winner_idx').on(t.workspaceId, t.winnerId),
    index('customer_merges_loser_idx').on(t.workspaceId, t.loserId),
  ],
);

export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Custom attributes are typed per workspace so filters, imports and the UI know how to treat them. */
export const attributeDefinitions = pgTable(
  'customer_attribute_definitions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    type: text('type', { enum: ATTRIBUTE_TYPES }).notNull(),
    label: text('label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/**
 * GDPR/KVKK suppression list: hashes of identifiers of erased customers, so no retry or replay of
 * old data brings the person back. Only keyed digests are kept (see suppression.ts), never the identifier.
 */
export const erasedIdentities = pgTable(
  'customer_erased_identities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    identityHash: text('identity_hash').notNull(),
    erasedAt: ts('erased_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.identityHash] })],
);

/** Per-workspace thresholds for lifecycle stages and conversion rates into the base currency. */
export const customerSettings = pgTable('customer_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  newWithinDays: integer('new_within_days').notNull().default(30),
  atRiskAfterDays: integer('at_risk_after_days').notNull().default(90),
  churnedAfterDays: integer('churned_after_days').notNull().default(180),
  /** Units of base currency per one unit of the currency, e.g. {"EUR": 7.46} for a DKK workspace. */
  currencyRates: jsonb('currency_rates').$type<Record<string, number>>().notNull().default({}),
  /** Gross margin (0 < m ≤ 1) historical and predictive CLV use when a request names none. */
  grossMargin: doublePrecision('gross_margin').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

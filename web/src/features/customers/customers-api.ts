// Shapes of the customers endpoints (src/customers/customers.schemas.ts); dates arrive as ISO strings.

export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'churned', 'reactivated'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
export type NpsCategory = (typeof NPS_CATEGORIES)[number];
export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type AttributeValue = string | number | boolean | null;

export interface Traits {
  orderCount: number;
  /** Minor units of the workspace base currency. */
  totalSpend: number;
  baseCurrency: string;
  spendByCurrency: Record<string, number>;
  avgOrderValue: number;
  refundTotal: number;
  clv: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastActivityAt: string | null;
  daysSinceLastActivity: number | null;
  lifecycleStage: LifecycleStage;
  npsScore: number | null;
  npsCategory: NpsCategory | null;
  csatScore: number | null;
  cesScore: number | null;
  lastSurveyAt: string | null;
  supportCases: number;
  openSupportCases: number;
  eventCount: number;
}

export interface Customer {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  country: string | null;
  city: string | null;
  birthDate: string | null;
  ageBand: string | null;
  gender: string | null;
  incomeBand: string | null;
  marketingConsent: boolean;
  surveyConsent: boolean;
  social: Record<string, string>;
  attributes: Record<string, AttributeValue>;
  traits: Traits;
  createdAt: string;
  firstSeenAt: string;
  lastSeenAt: string;
  updatedAt: string;
  erasedAt: string | null;
}

export interface Merge {
  id: string;
  winnerId: string;
  loserId: string;
  reason: string;
  identifiers: { kind: string; value: string }[];
  actorLabel: string;
  createdAt: string;
  undoneAt: string | null;
  undoneBy: string | null;
}

export interface CustomerDetail extends Customer {
  identities: { kind: string; value: string; originCustomerId: string; createdAt: string }[];
  segments: { id: string; name: string; enteredAt: string }[];
  merges: Merge[];
  mergedFrom?: string;
}

export interface TimelineItem {
  id: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  channel: string | null;
  touchpoint: string | null;
  amount: number | null;
  currency: string | null;
  properties: Record<string, unknown>;
  clientId: string | null;
  originCustomerId: string;
}

export interface AttributeDefinition {
  key: string;
  type: AttributeType;
  label: string;
  createdAt: string;
}

export const customerKeys = {
  all: ['customers'] as const,
  list: (query: Record<string, string>) => ['customers', 'list', query] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  timeline: (id: string, type: string, channel: string) => ['customers', 'timeline', id, type, channel] as const,
  attributes: ['customers', 'attributes'] as const,
  stageCounts: ['customers', 'stage-counts'] as const,
};

/** The name to show for a profile: its name, else its e-mail or external id. */
export function displayName(c: Pick<Customer, 'name' | 'email' | 'externalId'>): string | null {
  return c.name || c.email || c.externalId;
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export const STAGE_TONE: Record<LifecycleStage, Tone> = { new: 'info', active: 'good', at_risk: 'warn', churned: 'bad', reactivated: 'info' };
export const NPS_TONE: Record<NpsCategory, Tone> = { promoter: 'good', passive: 'neutral', detractor: 'bad' };
/** Chart colours per stage, following the theme's state colours. */
export const STAGE_COLOR: Record<LifecycleStage, string> = {
  new: '--state-active',
  active: '--state-completed',
  at_risk: '--state-retry',
  churned: '--state-failed',
  reactivated: '--accent',
};

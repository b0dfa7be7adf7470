import type { ApiData, ApiItem } from '../../lib/api';

// Shapes of the customers endpoints, generated from src/customers/customers.schemas.ts; dates arrive as ISO strings.

export type LifecycleStage = Traits['lifecycleStage'];
export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'churned', 'reactivated'] as const satisfies readonly LifecycleStage[];
export type NpsCategory = NonNullable<Traits['npsCategory']>;
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const satisfies readonly NpsCategory[];
export type AttributeType = AttributeDefinition['type'];
export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const satisfies readonly AttributeType[];
export type AttributeValue = Customer['attributes'][string];

export type CustomerDetail = ApiData<'get', '/customers/{id}'>;
export type Customer = ApiItem<'/customers'>;
export type Traits = Customer['traits'];
export type Merge = CustomerDetail['merges'][number];
export type TimelineItem = ApiItem<'/customers/{id}/timeline'>;
export type AttributeDefinition = ApiItem<'/customer-attributes'>;

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

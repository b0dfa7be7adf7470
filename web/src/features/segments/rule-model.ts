// The segment rule document (src/customers/segments/rules.ts, docs/segments.md) as the builder edits it.

export type ValueType = 'string' | 'number' | 'boolean' | 'date';

export const OPS_BY_TYPE: Record<ValueType, readonly string[]> = {
  string: ['eq', 'neq', 'in', 'not_in', 'contains', 'exists', 'not_exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'],
  boolean: ['eq', 'exists', 'not_exists'],
  date: ['before', 'after', 'withinLastDays', 'exists', 'not_exists'],
};
export const EVENT_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;

export interface FieldSpec {
  type: ValueType;
  values?: readonly string[];
  /** Minor units of the base currency; the builder shows and takes major units. */
  money?: boolean;
  group: 'profile' | 'traits' | 'dates';
}

const s = (group: FieldSpec['group'] = 'profile'): FieldSpec => ({ type: 'string', group });
const n = (money = false): FieldSpec => ({ type: 'number', group: 'traits', money });
const d = (): FieldSpec => ({ type: 'date', group: 'dates' });

/** The profile fields and traits a rule may test, as the server knows them. */
export const RULE_FIELDS: Record<string, FieldSpec> = {
  externalId: s(), email: s(), name: s(), language: s(), country: s(), city: s(), gender: s(), ageBand: s(), incomeBand: s(),
  marketingConsent: { type: 'boolean', group: 'profile' }, surveyConsent: { type: 'boolean', group: 'profile' },
  lifecycleStage: { type: 'string', group: 'traits', values: ['new', 'active', 'at_risk', 'churned', 'reactivated'] },
  npsCategory: { type: 'string', group: 'traits', values: ['promoter', 'passive', 'detractor'] },
  orderCount: n(), totalSpend: n(true), avgOrderValue: n(true), refundTotal: n(true), clv: n(true),
  supportCases: n(), openSupportCases: n(), eventCount: n(), npsScore: n(), csatScore: n(), cesScore: n(),
  daysSinceLastActivity: n(), daysSinceLastPurchase: n(),
  // 0–1 from the workspace's churn model (src/analytics/churn); "churnRisk > 0.7" is the at-risk segment.
  churnRisk: n(),
  birthDate: d(), firstPurchaseAt: d(), lastPurchaseAt: d(), lastActivityAt: d(), lastSurveyAt: d(), createdAt: d(),
  firstSeenAt: d(), lastSeenAt: d(), reactivatedAt: d(),
};

export type Operand = string | number | boolean | string[] | [number, number];

export interface FieldCondition { field: string; op: string; value?: Operand }
export interface AttributeCondition { attribute: string; op: string; value?: Operand }
export interface EventCondition {
  event: { type: string; withinDays?: number; where?: { channel?: string | string[]; touchpoint?: string | string[]; currency?: string } };
  measure: 'count' | 'sum';
  op: string;
  value: number | [number, number];
}
export interface SegmentCondition { segment: string; op: 'in' | 'not_in' }
export type Condition = FieldCondition | AttributeCondition | EventCondition | SegmentCondition;
export type Group = { all: RuleNode[] } | { any: RuleNode[] };
export type RuleNode = Group | { not: RuleNode } | Condition;

export const WELL_KNOWN_EVENTS = [
  'purchase', 'refund', 'signup', 'page_view', 'support_case_opened', 'support_case_resolved',
  'subscription_started', 'subscription_cancelled', 'survey_invitation', 'survey_response', 'message', 'note',
] as const;

export const isGroup = (n: RuleNode): n is Group => 'all' in n || 'any' in n;
export const isNot = (n: RuleNode): n is { not: RuleNode } => 'not' in n;
export const childrenOf = (g: Group): RuleNode[] => ('all' in g ? g.all : g.any);
export const withChildren = (g: Group, children: RuleNode[]): Group => ('all' in g ? { all: children } : { any: children });

export type ConditionKind = 'field' | 'attribute' | 'event' | 'segment';
export const kindOf = (c: Condition): ConditionKind =>
  'field' in c ? 'field' : 'attribute' in c ? 'attribute' : 'event' in c ? 'event' : 'segment';

/** A sensible starting point for each kind of condition. */
export function newCondition(kind: ConditionKind, opts: { attribute?: string; segment?: string } = {}): Condition {
  switch (kind) {
    case 'field':
      return { field: 'lifecycleStage', op: 'eq', value: 'active' };
    case 'attribute':
      return { attribute: opts.attribute ?? '', op: 'exists' };
    case 'event':
      return { event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 1 };
    case 'segment':
      return { segment: opts.segment ?? '', op: 'in' };
  }
}

/** The operand a new operator starts with, keeping what still fits. */
export function operandFor(type: ValueType, op: string, previous: Operand | undefined, values?: readonly string[]): Operand | undefined {
  if (op === 'exists' || op === 'not_exists') return undefined;
  if (op === 'in' || op === 'not_in') return Array.isArray(previous) ? previous.map(String) : typeof previous === 'string' && previous ? [previous] : [];
  if (op === 'between') return Array.isArray(previous) && previous.length === 2 && typeof previous[0] === 'number' ? previous : [0, 10];
  if (op === 'withinLastDays') return typeof previous === 'number' ? previous : 30;
  if (type === 'boolean') return typeof previous === 'boolean' ? previous : true;
  if (type === 'number') return typeof previous === 'number' ? previous : 0;
  if (type === 'date') return typeof previous === 'string' && /^\d{4}-\d{2}-\d{2}/.test(previous) ? previous : new Date().toISOString().slice(0, 10);
  if (Array.isArray(previous)) return previous[0] !== undefined ? String(previous[0]) : (values?.[0] ?? '');
  return typeof previous === 'string' ? previous : (values?.[0] ?? '');
}

const filled = (v: unknown): boolean =>
  v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)) && !(Array.isArray(v) && (v.length === 0 || v.some((x) => !filled(x))));

/** Whether every condition has what it needs, so the rule is worth sending for a count. */
export function isComplete(node: RuleNode): boolean {
  if (isGroup(node)) return childrenOf(node).every(isComplete) && ('all' in node || node.any.length > 0);
  if (isNot(node)) return isComplete(node.not);
  if ('segment' in node) return node.segment !== '';
  if ('event' in node) return node.event.type.trim() !== '' && filled(node.value);
  if ('attribute' in node && node.attribute === '') return false;
  return node.op === 'exists' || node.op === 'not_exists' || filled(node.value);
}

export const EMPTY_RULE: RuleNode = { all: [] };

/** A stored rule as the builder's tree: a bare condition or "not" is wrapped in an "all" group. */
export function asGroup(rule: unknown): Group {
  const node = rule as RuleNode;
  if (node && typeof node === 'object' && isGroup(node)) return node;
  return node && typeof node === 'object' ? { all: [node] } : { all: [] };
}

import { z } from 'zod';
import { LIFECYCLE_STAGES, NPS_CATEGORIES } from '../customers.tables.js';

/**
 * The segment rule document: a JSON tree of groups ({all}, {any}, {not}) and conditions on profile
 * fields and traits, typed custom attributes, event aggregates in a time window and membership of
 * other segments. docs/segments.md describes it with examples; compile-rule.ts turns it into SQL.
 */

export const MAX_RULE_DEPTH = 5;
export const MAX_RULE_CONDITIONS = 50;

export type ValueType = 'string' | 'number' | 'boolean' | 'date';

export const OPS_BY_TYPE = {
  string: ['eq', 'neq', 'in', 'not_in', 'contains', 'exists', 'not_exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'],
  boolean: ['eq', 'exists', 'not_exists'],
  date: ['before', 'after', 'withinLastDays', 'exists', 'not_exists'],
} as const;

export const RULE_OPS = [...new Set(Object.values(OPS_BY_TYPE).flat())] as [RuleOp, ...RuleOp[]];
export type RuleOp = (typeof OPS_BY_TYPE)[ValueType][number];
export const EVENT_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
export type EventOp = (typeof EVENT_OPS)[number];

interface FieldSpec {
  type: ValueType;
  values?: readonly string[];
}

const s: FieldSpec = { type: 'string' };
const n: FieldSpec = { type: 'number' };
const b: FieldSpec = { type: 'boolean' };
const d: FieldSpec = { type: 'date' };

/** Profile fields and computed traits a rule may test (names as in the API, not the columns). */
export const RULE_FIELDS = {
  externalId: s, email: s, name: s, language: s, country: s, city: s, gender: s, ageBand: s, incomeBand: s,
  lifecycleStage: { type: 'string', values: LIFECYCLE_STAGES },
  npsCategory: { type: 'string', values: NPS_CATEGORIES },
  marketingConsent: b, surveyConsent: b,
  orderCount: n, totalSpend: n, avgOrderValue: n, refundTotal: n, clv: n, supportCases: n, openSupportCases: n,
  eventCount: n, npsScore: n, csatScore: n, cesScore: n, daysSinceLastActivity: n, daysSinceLastPurchase: n,
  birthDate: d, firstPurchaseAt: d, lastPurchaseAt: d, lastActivityAt: d, lastSurveyAt: d, createdAt: d,
  firstSeenAt: d, lastSeenAt: d, reactivatedAt: d,
  churnRisk: n,
} as const satisfies Record<string, FieldSpec>;

export type RuleField = keyof typeof RULE_FIELDS;
const FIELD_NAMES = Object.keys(RULE_FIELDS) as [RuleField, ...RuleField[]];

export type Operand = string | number | boolean | string[] | [number, number];

export interface FieldCondition { field: RuleField; op: RuleOp; value?: Operand }
export interface AttributeCondition { attribute: string; op: RuleOp; value?: Operand }
export interface EventWhere {
  channel?: string | string[];
  touchpoint?: string | string[];
  currency?: string;
  properties?: Record<string, string | number | boolean>;
}
export interface EventCondition {
  event: { type: string; withinDays?: number; where?: EventWhere };
  measure: 'count' | 'sum';
  op: EventOp;
  value: number | [number, number];
}
export interface SegmentCondition { segment: string; op: 'in' | 'not_in' }
export type RuleNode =
  | { all: RuleNode[] }
  | { any: RuleNode[] }
  | { not: RuleNode }
  | FieldCondition
  | AttributeCondition
  | EventCondition
  | SegmentCondition;

export type RulePath = (string | number)[];
export interface RuleIssue { path: RulePath; message: string }

const text = z.string().max(500);
const names = z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(50)]);

const ZFieldCondition = z.strictObject({ field: z.enum(FIELD_NAMES), op: z.string(), value: z.unknown().optional() });
const ZAttributeCondition = z.strictObject({ attribute: z.string().min(1).max(100), op: z.enum(RULE_OPS), value: z.unknown().optional() });
const ZSegmentCondition = z.strictObject({ segment: z.uuid(), op: z.enum(['in', 'not_in']).default('in') });
const ZEventCondition = z.strictObject({
  event: z.strictObject({
    type: z.string().min(1).max(100),
    withinDays: z.number().int().min(1).max(36500).optional(),
    where: z
      .strictObject({
        channel: names.optional(),
        touchpoint: names.optional(),
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "DKK"').optional(),
        properties: z
          .record(z.string().min(1).max(100), z.union([text, z.number(), z.boolean()]))
          .refine((p) => Object.keys(p).length <= 20, 'at most 20 properties')
          .optional(),
      })
      .optional(),
  }),
  measure: z.enum(['count', 'sum']).default('count'),
  op: z.enum(EVENT_OPS),
  value: z.unknown(),
});

/** The schema of a condition's value, given the type of what it tests and the operator. */
export function operandSchema(type: ValueType, op: string, values?: readonly string[]): z.ZodType {
  if (op === 'exists' || op === 'not_exists') return z.undefined({ error: `"${op}" takes no value` });
  const one = values ? z.enum(values as [string, ...string[]]) : text;
  switch (type) {
    case 'string':
      if (op === 'in' || op === 'not_in') return z.array(one).min(1).max(500);
      return op === 'contains' ? z.string().min(1).max(500) : one;
    case 'number':
      if (op === 'between') {
        return z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'the lower bound must not exceed the upper');
      }
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'date':
      if (op === 'withinLastDays') return z.number().int().min(1).max(36500);
      return z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be an ISO 8601 date or date-time' });
  }
}

/** Checks an operator and its value against a type; issues carry paths below `path`. */
export function checkOperand(type: ValueType, op: string, value: unknown, path: RulePath, values?: readonly string[]): RuleIssue[] {
  const allowed = OPS_BY_TYPE[type] as readonly string[];
  if (!allowed.includes(op)) {
    return [{ path: [...path, 'op'], message: `"${op}" does not apply to a ${type}; use one of ${allowed.join(', ')}` }];
  }
  const r = operandSchema(type, op, values).safeParse(value);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: [...path, 'value', ...(i.path as RulePath)], message: i.message }));
}

const KIND_KEYS = ['all', 'any', 'not', 'field', 'attribute', 'event', 'segment'] as const;

interface WalkState { conditions: number; issues: RuleIssue[] }

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function zodIssues(error: z.ZodError, path: RulePath): RuleIssue[] {
  return error.issues.map((i) => ({ path: [...path, ...(i.path as RulePath)], message: i.message }));
}

function parseNode(value: unknown, path: RulePath, depth: number, st: WalkState): RuleNode | undefined {
  if (!isPlainObject(value)) {
    st.issues.push({ path, message: 'must be an object: a group {"all": [...]} / {"any": [...]}, {"not": ...} or a condition' });
    return undefined;
  }
  const kinds = KIND_KEYS.filter((k) => k in value);
  if (kinds.length !== 1) {
    st.issues.push({ path, message: `must have exactly one of ${KIND_KEYS.join(', ')}${kinds.length ? ` (found ${kinds.join(', ')})` : ''}` });
    return undefined;
  }
  const kind = kinds[0];
  if (kind === 'all' || kind === 'any' || kind === 'not') {
    if (depth >= MAX_RULE_DEPTH) {
      st.issues.push({ path, message: `groups may be nested at most ${MAX_RULE_DEPTH} deep` });
      return undefined;
    }
    const extra = Object.keys(value).filter((k) => k !== kind);
    if (extra.length) st.issues.push({ path: [...path, extra[0]], message: `unexpected key "${extra[0]}" next to "${kind}"` });
    if (kind === 'not') {
      const inner = parseNode(value.not, [...path, 'not'], depth + 1, st);
      return inner && { not: inner };
    }
    const items = value[kind];
    if (!Array.isArray(items)) {
      st.issues.push({ path: [...path, kind], message: 'must be an array of conditions or groups' });
      return undefined;
    }
    if (kind === 'any' && items.length === 0) st.issues.push({ path: [...path, kind], message: '"any" needs at least one condition' });
    const children = items.map((item, i) => parseNode(item, [...path, kind, i], depth + 1, st));
    return kind === 'all' ? { all: children as RuleNode[] } : { any: children as RuleNode[] };
  }
  st.conditions += 1;
  if (st.conditions === MAX_RULE_CONDITIONS + 1) {
    st.issues.push({ path, message: `a rule may hold at most ${MAX_RULE_CONDITIONS} conditions` });
  }
  return parseCondition(kind, value, path, st);
}

function parseCondition(kind: 'field' | 'attribute' | 'event' | 'segment', value: Record<string, unknown>, path: RulePath, st: WalkState): RuleNode | undefined {
  const before = st.issues.length;
  const schema = { field: ZFieldCondition, attribute: ZAttributeCondition, event: ZEventCondition, segment: ZSegmentCondition }[kind];
  const r = schema.safeParse(value);
  if (!r.success) st.issues.push(...zodIssues(r.error, path));
  // The operator and value are checked even when another key is wrong, so every error shows at once.
  if (kind === 'field' && typeof value.field === 'string' && Object.hasOwn(RULE_FIELDS, value.field) && typeof value.op === 'string') {
    const spec: FieldSpec = RULE_FIELDS[value.field as RuleField];
    st.issues.push(...checkOperand(spec.type, value.op, value.value, path, spec.values));
  }
  if (kind === 'event' && (EVENT_OPS as readonly string[]).includes(value.op as string)) {
    st.issues.push(...checkOperand('number', value.op as string, value.value, path));
  }
  // An attribute's type lives in the workspace's definitions; checkAttributeConditions() checks it.
  return st.issues.length === before && r.success ? (r.data as RuleNode) : undefined;
}

export type ParsedRule = { ok: true; rule: RuleNode } | { ok: false; issues: RuleIssue[] };

/** Validates the shape of a rule document; every problem is reported with its path in the document. */
export function parseRule(input: unknown): ParsedRule {
  const st: WalkState = { conditions: 0, issues: [] };
  const rule = parseNode(input, [], 0, st);
  return st.issues.length === 0 && rule ? { ok: true, rule } : { ok: false, issues: st.issues };
}

/** Calls `visit` for every condition (not groups) with its path in the document. */
export function forEachCondition(node: RuleNode, visit: (c: Exclude<RuleNode, { all: unknown } | { any: unknown } | { not: unknown }>, path: RulePath) => void, path: RulePath = []): void {
  if ('all' in node) node.all.forEach((c, i) => forEachCondition(c, visit, [...path, 'all', i]));
  else if ('any' in node) node.any.forEach((c, i) => forEachCondition(c, visit, [...path, 'any', i]));
  else if ('not' in node) forEachCondition(node.not, visit, [...path, 'not']);
  else visit(node, path);
}

/** The ids of the segments a rule refers to. */
export function referencedSegments(node: RuleNode): string[] {
  const ids = new Set<string>();
  forEachCondition(node, (c) => {
    if ('segment' in c) ids.add(c.segment);
  });
  return [...ids];
}

/** Checks custom-attribute conditions against the workspace's attribute definitions. */
export function checkAttributeConditions(node: RuleNode, types: ReadonlyMap<string, ValueType>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  forEachCondition(node, (c, path) => {
    if (!('attribute' in c)) return;
    const type = types.get(c.attribute);
    if (!type) issues.push({ path: [...path, 'attribute'], message: `no custom attribute "${c.attribute}" is defined in this workspace` });
    else issues.push(...checkOperand(type, c.op, c.value, path));
  });
  return issues;
}

/** The rule document in request bodies: its shape is checked here so errors point into the document. */
export const ZRuleDocument = z
  .record(z.string(), z.unknown())
  .superRefine((doc, ctx) => {
    const r = parseRule(doc);
    if (!r.ok) for (const i of r.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  })
  .meta({
    description:
      'Segment rule: {"all"|"any": [...]}, {"not": ...} or a condition on a field, custom attribute, event aggregate or segment (see docs/segments.md).',
    examples: [
      {
        all: [
          { field: 'country', op: 'in', value: ['DK', 'SE'] },
          { event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 2 },
          { not: { attribute: 'plan', op: 'eq', value: 'free' } },
        ],
      },
    ],
  });

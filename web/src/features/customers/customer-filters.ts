import type { AttributeDefinition, AttributeType } from './customers-api';
import type { Condition, RuleNode } from '../segments/rule-model';

/**
 * The customer list's filters live in the URL (shareable, kept by Back) with the names
 * GET /api/v1/customers takes, so the query string is passed through as it is.
 */
export const FILTER_KEYS = ['q', 'lifecycleStage', 'npsCategory', 'country', 'language', 'segment', 'marketingConsent', 'surveyConsent', 'sort', 'order'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Operators of `attr.<key>.<op>=` the list offers per attribute type. */
export const ATTRIBUTE_FILTER_OPS: Record<AttributeType, readonly string[]> = {
  string: ['eq', 'ne', 'contains', 'exists'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
  boolean: ['eq'],
  date: ['lt', 'gt'],
};

export interface AttributeFilter {
  key: string;
  op: string;
  value: string;
}

export function attributeFiltersOf(params: URLSearchParams): AttributeFilter[] {
  const out: AttributeFilter[] = [];
  for (const [name, value] of params) {
    if (!name.startsWith('attr.')) continue;
    const [, key, op = 'eq'] = name.split('.');
    if (key) out.push({ key, op, value });
  }
  return out;
}

/** The API query for the list: known filters and attribute filters, blanks left out. */
export function listQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (value === '') continue;
    if ((FILTER_KEYS as readonly string[]).includes(name) || name.startsWith('attr.')) out[name] = value;
  }
  return out;
}

export const hasFilters = (params: URLSearchParams) =>
  [...params.keys()].some((k) => k !== 'sort' && k !== 'order' && (k.startsWith('attr.') || (FILTER_KEYS as readonly string[]).includes(k)));

function attributeCondition(f: AttributeFilter, type: AttributeType | undefined): Condition | undefined {
  if (!type) return undefined;
  const value = f.value;
  switch (type) {
    case 'string':
      if (f.op === 'exists') return { attribute: f.key, op: value === 'false' ? 'not_exists' : 'exists' };
      return { attribute: f.key, op: f.op === 'ne' ? 'neq' : f.op, value };
    case 'number': {
      const n = Number(value);
      return value.trim() === '' || !Number.isFinite(n) ? undefined : { attribute: f.key, op: f.op === 'ne' ? 'neq' : f.op, value: n };
    }
    case 'boolean':
      return { attribute: f.key, op: 'eq', value: value === 'true' };
    case 'date':
      return { attribute: f.key, op: f.op === 'lt' ? 'before' : 'after', value };
  }
}

/**
 * The same filters as a segment rule, so POST /segments/preview can count the matches (the list
 * itself is paged and has no total). Text search becomes "name, e-mail or external id contains",
 * which is what the list searches apart from phone numbers.
 */
export function filtersAsRule(params: URLSearchParams, definitions: AttributeDefinition[]): RuleNode | null {
  const all: RuleNode[] = [];
  const get = (k: FilterKey) => params.get(k) ?? '';
  const q = get('q').trim();
  if (q) all.push({ any: ['name', 'email', 'externalId'].map((field) => ({ field, op: 'contains', value: q })) });
  for (const field of ['lifecycleStage', 'npsCategory'] as const) if (get(field)) all.push({ field, op: 'eq', value: get(field) });
  if (get('country')) all.push({ field: 'country', op: 'eq', value: get('country').toUpperCase() });
  if (get('language')) all.push({ field: 'language', op: 'eq', value: get('language').toLowerCase() });
  for (const field of ['marketingConsent', 'surveyConsent'] as const) if (get(field)) all.push({ field, op: 'eq', value: get(field) === 'true' });
  if (get('segment')) all.push({ segment: get('segment'), op: 'in' });
  const types = new Map(definitions.map((d) => [d.key, d.type]));
  for (const f of attributeFiltersOf(params)) {
    const c = attributeCondition(f, types.get(f.key));
    if (!c) return null;
    all.push(c);
  }
  return { all };
}

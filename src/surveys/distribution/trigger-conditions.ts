import type { TriggerCondition } from './distribution.tables.js';

/** The value at a dotted path ("attributes.plan", "traits.lifecycleStage") of an object, or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** One condition: numbers compare as numbers (a "120" property is 120), texts case-insensitively. */
export function holds(c: TriggerCondition, subject: unknown): boolean {
  const v = valueAt(subject, c.field);
  if (c.op === 'exists') return (v !== undefined && v !== null && v !== '') === (c.value !== false);
  if (v === undefined || v === null) return c.op === 'neq';
  const text = (x: unknown) => String(x).toLowerCase();
  switch (c.op) {
    case 'eq':
      return asNumber(v) !== undefined && asNumber(c.value) !== undefined ? asNumber(v) === asNumber(c.value) : text(v) === text(c.value);
    case 'neq':
      return asNumber(v) !== undefined && asNumber(c.value) !== undefined ? asNumber(v) !== asNumber(c.value) : text(v) !== text(c.value);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = asNumber(v);
      const b = asNumber(c.value);
      if (a === undefined || b === undefined) return false;
      return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
    }
    case 'contains':
      return Array.isArray(v) ? v.map(text).includes(text(c.value)) : text(v).includes(text(c.value));
    case 'in':
      return Array.isArray(c.value) && c.value.map(text).includes(text(v));
  }
}

/** Every condition holds (an empty list always does). */
export const allHold = (conditions: TriggerCondition[], subject: unknown): boolean => conditions.every((c) => holds(c, subject));

import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AttributeType } from './customers.tables.js';
import {
  countMisfits,
  findAttributeDefinitionForUpdate,
  findAttributeDefinitions,
  insertMissingDefinitions,
  upsertDefinition,
  type AttributeDefinition,
} from './attributes.queries.js';
import type { AttributeValue } from './profile-fields.js';

export type { AttributeDefinition } from './attributes.queries.js';

export async function listAttributeDefinitions(db: Db, workspaceId: string): Promise<AttributeDefinition[]> {
  return findAttributeDefinitions(db, workspaceId);
}

/** "monthly_charges" → "Monthly charges": a readable default label for an attribute key. */
export const labelOf = (key: string): string => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * Defines attributes that do not exist yet (one insert); existing definitions keep their type, so
 * an import cannot silently retype a workspace's attribute. Returns the definitions of those keys.
 */
export async function defineAttributes(
  db: Db,
  workspaceId: string,
  defs: { key: string; type: AttributeType; label?: string }[],
): Promise<AttributeDefinition[]> {
  if (defs.length === 0) return [];
  await insertMissingDefinitions(db, workspaceId, defs.map((d) => ({ key: d.key, type: d.type, label: d.label ?? labelOf(d.key) })));
  return findAttributeDefinitions(db, workspaceId, defs.map((d) => d.key));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isDateValue = (v: string): boolean => (ISO_DATE.test(v) || ISO_INSTANT.test(v)) && !Number.isNaN(Date.parse(v));

/** The type a first value implies for a new attribute: ISO dates are dates, the rest as JSON says. */
export function inferAttributeType(value: Exclude<AttributeValue, null>): AttributeType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return ISO_DATE.test(value) && isDateValue(value) ? 'date' : 'string';
}

/** Undefined when the value fits the type, else why not. */
export function attributeTypeError(type: AttributeType, value: AttributeValue): string | undefined {
  if (value === null) return undefined;
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isDateValue(value) ? undefined : 'must be a date (YYYY-MM-DD or ISO 8601)';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be text';
  }
}


/**
 * Creates an attribute or changes its label/type. A type change is refused while stored values do
 * not fit the new type, because filters would then silently miss those customers.
 */
export async function putAttributeDefinition(ctx: AppContext, actor: Actor, key: string, input: { type: AttributeType; label?: string }) {
  const ws = actor.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const existing = await findAttributeDefinitionForUpdate(tx, ws, key);
    if (existing && existing.type !== input.type) {
      const bad = await countMisfits(tx, ws, key, input.type);
      if (bad > 0) throw new AppError('conflict', `${bad} customers hold values of "${key}" that are not of type ${input.type}; fix them first.`);
    }
    const label = input.label ?? existing?.label ?? labelOf(key);
    const row = await upsertDefinition(tx, ws, { key, type: input.type, label });
    await recordAudit(tx, actor, {
      action: existing ? 'customer_attribute.updated' : 'customer_attribute.created',
      targetType: 'customer_attribute',
      targetId: key,
      details: { type: input.type, label, previousType: existing?.type },
    });
    return { definition: row, created: !existing };
  });
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { attributeDefinitions, type AttributeType } from './customers.tables.js';

export interface AttributeDefinition {
  key: string;
  type: AttributeType;
  label: string;
  createdAt: Date;
}

const columns = {
  key: attributeDefinitions.key,
  type: attributeDefinitions.type,
  label: attributeDefinitions.label,
  createdAt: attributeDefinitions.createdAt,
};

export async function findAttributeDefinitions(db: Db, workspaceId: string, keys?: string[]): Promise<AttributeDefinition[]> {
  return db
    .select(columns)
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, workspaceId), keys ? inArray(attributeDefinitions.key, keys) : undefined))
    .orderBy(asc(attributeDefinitions.key));
}

export async function findAttributeDefinitionForUpdate(tx: Db, workspaceId: string, key: string): Promise<AttributeDefinition | undefined> {
  const [row] = await tx
    .select(columns)
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, workspaceId), eq(attributeDefinitions.key, key)))
    .for('update');
  return row;
}

/** Inserts definitions whose key does not exist yet; existing ones are left as they are. */
export async function insertMissingDefinitions(db: Db, workspaceId: string, defs: { key: string; type: AttributeType; label: string }[]): Promise<void> {
  await db.insert(attributeDefinitions).values(defs.map((d) => ({ workspaceId, ...d }))).onConflictDoNothing();
}

export async function upsertDefinition(tx: Db, workspaceId: string, def: { key: string; type: AttributeType; label: string }): Promise<AttributeDefinition> {
  const [row] = await tx
    .insert(attributeDefinitions)
    .values({ workspaceId, ...def })
    .onConflictDoUpdate({ target: [attributeDefinitions.workspaceId, attributeDefinitions.key], set: { type: def.type, label: def.label } })
    .returning(columns);
  return row;
}

// A stored value fits a type when its JSON type matches (dates: a string starting YYYY-MM-DD).
const FITS: Record<AttributeType, string> = {
  number: `jsonb_typeof(v) = 'number'`,
  boolean: `jsonb_typeof(v) = 'boolean'`,
  string: `jsonb_typeof(v) = 'string'`,
  date: `jsonb_typeof(v) = 'string' and v #>> '{}' ~ '^\\d{4}-\\d{2}-\\d{2}'`,
};

/** How many customers hold a value of attribute `key` that does not fit `type`. */
export async function countMisfits(tx: Db, workspaceId: string, key: string, type: AttributeType): Promise<number> {
  const [bad] = await selectRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from customers, lateral (select attributes -> ${key} as v) a
        where workspace_id = ${workspaceId} and a.v is not null and a.v <> 'null'::jsonb and not (${sql.raw(FITS[type])})`,
  );
  return bad.n;
}

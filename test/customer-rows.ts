import type { Db } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import { attributeDefinitions, customerEvents, customers } from '../src/customers/customers.tables.js';

/**
 * Customers and events written straight into the tables, with exactly the traits a test needs —
 * for testing what reads them (segments, personas) without going through ingest.
 */

export type CustomerRow = Partial<Omit<typeof customers.$inferInsert, 'workspaceId' | 'id'>>;

export const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);

export async function insertCustomer(db: Db, workspaceId: string, fields: CustomerRow = {}): Promise<string> {
  const id = newId();
  await db.insert(customers).values({ ...fields, workspaceId, id });
  return id;
}

export interface EventRow {
  type: string;
  occurredAt: Date;
  channel?: string;
  touchpoint?: string;
  amount?: number;
  currency?: string;
  properties?: Record<string, unknown>;
}

export async function insertEvents(db: Db, workspaceId: string, customerId: string, events: EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(customerEvents).values(
    events.map((e) => ({ ...e, workspaceId, id: newId(), customerId, originCustomerId: customerId, properties: e.properties ?? {} })),
  );
}

export async function defineAttributeTypes(db: Db, workspaceId: string, defs: Record<string, 'string' | 'number' | 'boolean' | 'date'>): Promise<void> {
  await db
    .insert(attributeDefinitions)
    .values(Object.entries(defs).map(([key, type]) => ({ workspaceId, key, type, label: key })))
    .onConflictDoNothing();
}

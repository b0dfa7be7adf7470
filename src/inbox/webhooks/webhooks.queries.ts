import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { webhookDeliveries, webhookEndpoints, type DeliveryAttempt } from './webhooks.tables.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewEndpoint = typeof webhookEndpoints.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type NewDelivery = typeof webhookDeliveries.$inferInsert;

const e = webhookEndpoints;
const d = webhookDeliveries;

export async function insertEndpoint(db: Db, row: NewEndpoint): Promise<EndpointRow> {
  const [created] = await db.insert(e).values(row).returning();
  return created;
}

export async function findEndpoints(db: Db, ws: string): Promise<EndpointRow[]> {
  return db.select().from(e).where(eq(e.workspaceId, ws)).orderBy(desc(e.id));
}

export async function findEnabledEndpoints(db: Db, ws: string): Promise<EndpointRow[]> {
  return db.select().from(e).where(and(eq(e.workspaceId, ws), eq(e.isEnabled, true)));
}

export async function findEndpoint(db: Db, ws: string, id: string, opts: { lock?: boolean } = {}): Promise<EndpointRow | undefined> {
  const q = db.select().from(e).where(and(eq(e.workspaceId, ws), eq(e.id, id)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export async function updateEndpointRow(db: Db, ws: string, id: string, set: Partial<NewEndpoint>): Promise<EndpointRow> {
  const [row] = await db.update(e).set({ ...set, updatedAt: sql`now()` }).where(and(eq(e.workspaceId, ws), eq(e.id, id))).returning();
  return row;
}

export async function deleteEndpointRow(db: Db, ws: string, id: string): Promise<void> {
  await db.delete(d).where(and(eq(d.workspaceId, ws), eq(d.endpointId, id)));
  await db.delete(e).where(and(eq(e.workspaceId, ws), eq(e.id, id)));
}

/** Queues deliveries; an event already queued for an endpoint (same key) is skipped. Returns the new ones. */
export async function insertDeliveries(db: Db, rows: NewDelivery[]): Promise<{ id: string; workspaceId: string }[]> {
  if (rows.length === 0) return [];
  return db.insert(d).values(rows).onConflictDoNothing().returning({ id: d.id, workspaceId: d.workspaceId });
}

export async function findDelivery(db: Db, ws: string, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await db.select().from(d).where(and(eq(d.workspaceId, ws), eq(d.id, id)));
  return row;
}

/** Newest first; `before` is the last id of the previous page. */
export async function findDeliveries(db: Db, ws: string, endpointId: string, f: { status?: DeliveryRow['status'] }, limit: number, before?: string): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(d)
    .where(and(eq(d.workspaceId, ws), eq(d.endpointId, endpointId), f.status ? eq(d.status, f.status) : undefined, before ? lt(d.id, before) : undefined))
    .orderBy(desc(d.id))
    .limit(limit);
}

/** Appends an attempt (the log keeps the last 20) and sets the outcome. */
export async function recordAttempt(db: Db, ws: string, id: string, attempt: DeliveryAttempt, outcome: { status: DeliveryRow['status']; nextAttemptAt: Date | null }): Promise<void> {
  await db
    .update(d)
    .set({
      attemptCount: sql`${d.attemptCount} + 1`,
      attempts: sql`(select coalesce(jsonb_agg(x order by n), '[]'::jsonb) from (select x, n from jsonb_array_elements(${d.attempts} || ${JSON.stringify([attempt])}::jsonb) with ordinality as t(x, n) order by n desc limit 20) kept)`,
      lastStatusCode: attempt.statusCode,
      status: outcome.status,
      nextAttemptAt: outcome.nextAttemptAt,
      ...(outcome.status === 'delivered' ? { deliveredAt: sql`now()` } : {}),
    })
    .where(and(eq(d.workspaceId, ws), eq(d.id, id)));
}

/** A failed delivery sent again by hand: pending, with a fresh count of attempts. */
export async function resetDelivery(db: Db, ws: string, id: string): Promise<void> {
  await db.update(d).set({ status: 'pending', attemptCount: 0, nextAttemptAt: sql`now()` }).where(and(eq(d.workspaceId, ws), eq(d.id, id)));
}

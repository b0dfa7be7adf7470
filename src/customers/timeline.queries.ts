import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { customerEvents } from './customers.tables.js';

/** The columns of a timeline item. */
export const timelineItem = {
  id: customerEvents.id,
  type: customerEvents.type,
  occurredAt: customerEvents.occurredAt,
  receivedAt: customerEvents.receivedAt,
  channel: customerEvents.channel,
  touchpoint: customerEvents.touchpoint,
  amount: customerEvents.amount,
  currency: customerEvents.currency,
  properties: customerEvents.properties,
  clientId: customerEvents.clientId,
  originCustomerId: customerEvents.originCustomerId,
};

export interface TimelinePage {
  types?: string[];
  channels?: string[];
  limit: number;
  /** occurred_at (ISO, µs) and id of the last item of the previous page. */
  before?: { at: string; id: string };
}

/**
 * A customer's events newest first, keyset-paginated on (occurred_at, id); `cursorAt` is occurred_at
 * as ISO 8601 UTC with microseconds, so the next page starts exactly after it.
 */
export async function selectTimeline(db: Db, ws: string, customerId: string, page: TimelinePage) {
  const where: (SQL | undefined)[] = [eq(customerEvents.workspaceId, ws), eq(customerEvents.customerId, customerId)];
  if (page.types?.length) where.push(inArray(customerEvents.type, page.types));
  if (page.channels?.length) where.push(inArray(customerEvents.channel, page.channels));
  if (page.before) {
    where.push(sql`(${customerEvents.occurredAt}, ${customerEvents.id}) < (${page.before.at}::timestamptz, ${page.before.id}::uuid)`);
  }
  return db
    .select({ ...timelineItem, cursorAt: sql<string>`to_char(${customerEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(customerEvents)
    .where(and(...where))
    .orderBy(desc(customerEvents.occurredAt), desc(customerEvents.id))
    .limit(page.limit + 1);
}

export async function findTimelineItem(db: Db, ws: string, eventId: string) {
  const [item] = await db
    .select(timelineItem)
    .from(customerEvents)
    .where(and(eq(customerEvents.workspaceId, ws), eq(customerEvents.id, eventId)));
  return item;
}

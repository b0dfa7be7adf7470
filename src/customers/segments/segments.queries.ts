import { and, desc, eq, gt, gte, lt, sql, asc } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/client.js';
import { customers } from '../customers.tables.js';
import { segmentMembers, segments, segmentSizeHistory } from './segments.tables.js';
import { liveCustomers } from './compile-rule.js';
import type { TSegment } from './segments.schemas.js';

type SegmentRow = typeof segments.$inferSelect;

export const presentSegment = (r: SegmentRow): TSegment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  rules: r.rules,
  memberCount: r.memberCount,
  lastComputedAt: r.lastComputedAt,
  computing: r.lastComputedAt === null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export async function findSegment(db: Db, workspaceId: string, id: string): Promise<SegmentRow | undefined> {
  const [row] = await db.select().from(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
  return row;
}

/** Newest first; the cursor is the id of the last segment of the previous page (ids are time-ordered). */
export async function findSegments(db: Db, workspaceId: string, page: { cursor?: string; limit: number }) {
  const rows = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), page.cursor ? lt(segments.id, page.cursor) : undefined))
    .orderBy(desc(segments.id))
    .limit(page.limit + 1);
  const data = rows.slice(0, page.limit).map(presentSegment);
  return { data, nextCursor: rows.length > page.limit ? data[data.length - 1].id : null };
}

/** Members in customer-id order (the primary key's order, so every page is an index range scan). */
export async function findSegmentMembers(db: Db, workspaceId: string, segmentId: string, page: { cursor?: string; limit: number }) {
  const rows = await db
    .select({
      id: customers.id,
      externalId: customers.externalId,
      name: customers.name,
      email: customers.email,
      country: customers.country,
      lifecycleStage: customers.lifecycleStage,
      enteredAt: segmentMembers.enteredAt,
    })
    .from(segmentMembers)
    .innerJoin(customers, and(eq(customers.workspaceId, segmentMembers.workspaceId), eq(customers.id, segmentMembers.customerId)))
    .where(
      and(
        eq(segmentMembers.workspaceId, workspaceId),
        eq(segmentMembers.segmentId, segmentId),
        page.cursor ? gt(segmentMembers.customerId, page.cursor) : undefined,
      ),
    )
    .orderBy(asc(segmentMembers.customerId))
    .limit(page.limit + 1);
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? data[data.length - 1].id : null };
}

export async function findSegmentHistory(db: Db, workspaceId: string, segmentId: string, days: number) {
  return db
    .select({ at: segmentSizeHistory.at, size: segmentSizeHistory.size, entered: segmentSizeHistory.entered, left: segmentSizeHistory.left })
    .from(segmentSizeHistory)
    .where(
      and(
        eq(segmentSizeHistory.workspaceId, workspaceId),
        eq(segmentSizeHistory.segmentId, segmentId),
        gte(segmentSizeHistory.at, sql`now() - make_interval(days => ${days}::int)`),
      ),
    )
    .orderBy(asc(segmentSizeHistory.at));
}

/** Live customers of the workspace, counted only up to `cap` (enough to choose sync or job). */
export async function countLiveCustomers(db: Db, workspaceId: string, cap: number): Promise<number> {
  const [r] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from customers c where ${liveCustomers(workspaceId)} limit ${cap}) x`,
  );
  return Number(r.n);
}

export async function deleteSegmentRows(db: Db, workspaceId: string, segmentId: string): Promise<void> {
  await db.delete(segmentMembers).where(and(eq(segmentMembers.workspaceId, workspaceId), eq(segmentMembers.segmentId, segmentId)));
  await db.delete(segmentSizeHistory).where(and(eq(segmentSizeHistory.workspaceId, workspaceId), eq(segmentSizeHistory.segmentId, segmentId)));
  await db.delete(segments).where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
}

import { and, desc, eq, gt, gte, lt, sql, asc, type SQL } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/client.js';
import { attributeDefinitions, customers } from '../customers.tables.js';
import { segmentMembers, segments, segmentSizeHistory } from './segments.tables.js';
import { liveCustomers } from './compile-rule.js';
import type { TSegment } from './segments.schemas.js';

export type SegmentRow = typeof segments.$inferSelect;
export type NewSegmentRow = typeof segments.$inferInsert;

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

/** Newest first (ids are time-ordered); `beforeId` is the id of the last segment of the previous page. */
export async function findSegments(db: Db, workspaceId: string, limit: number, beforeId?: string): Promise<SegmentRow[]> {
  return db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), beforeId ? lt(segments.id, beforeId) : undefined))
    .orderBy(desc(segments.id))
    .limit(limit);
}

/** Members in customer-id order (the primary key's order, so every page is an index range scan). */
export async function findSegmentMembers(db: Db, workspaceId: string, segmentId: string, limit: number, afterId?: string) {
  return db
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
        afterId ? gt(segmentMembers.customerId, afterId) : undefined,
      ),
    )
    .orderBy(asc(segmentMembers.customerId))
    .limit(limit);
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

export async function insertSegment(tx: Db, row: NewSegmentRow): Promise<void> {
  await tx.insert(segments).values(row);
}

/** Changes name, description or rule; a changed rule marks the membership as not computed yet. */
export async function updateSegmentRow(tx: Db, workspaceId: string, id: string, patch: Partial<NewSegmentRow>, ruleChanged: boolean): Promise<void> {
  await tx
    .update(segments)
    .set({ ...patch, updatedAt: sql`now()`, ...(ruleChanged ? { lastComputedAt: null } : {}) })
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
}

/** How many live customers match a compiled rule, out of how many, and a sample of ten. */
export async function previewMatches(db: Db, workspaceId: string, where: SQL) {
  const [counts] = await selectRows<{ count: number; total: number }>(
    db,
    sql`select (count(*) filter (where ${where}))::int as count, count(*)::int as total from customers c where ${liveCustomers(workspaceId)}`,
  );
  const sample = await selectRows<{ id: string; name: string | null; email: string | null }>(
    db,
    sql`select c.id, c.name, c.email from customers c where ${liveCustomers(workspaceId)} and ${where} order by c.id desc limit 10`,
  );
  return { count: Number(counts.count), total: Number(counts.total), sample };
}

/** Every segment's id and stored rule document. */
export async function findSegmentRuleRows(db: Db, workspaceId: string, segmentId?: string) {
  return db
    .select({ id: segments.id, rules: segments.rules })
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), segmentId ? eq(segments.id, segmentId) : undefined));
}

/** The workspace's custom attribute keys and their types (what rules may test). */
export async function findAttributeTypes(db: Db, workspaceId: string) {
  return db
    .select({ key: attributeDefinitions.key, type: attributeDefinitions.type })
    .from(attributeDefinitions)
    .where(eq(attributeDefinitions.workspaceId, workspaceId));
}

/** Workspaces that have segments (for the nightly recompute). */
export async function findWorkspacesWithSegments(db: Db): Promise<string[]> {
  return (await selectRows<{ workspace_id: string }>(db, sql`select distinct workspace_id from segments`)).map((r) => r.workspace_id);
}

/** Transaction-level advisory lock on one segment, shared or exclusive. */
export async function lockSegmentKey(tx: Db, segmentId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = sql`hashtextextended(${`kunde:segment:${segmentId}`}::text, 0)`;
  await tx.execute(mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(${key})` : sql`select pg_advisory_xact_lock(${key})`);
}

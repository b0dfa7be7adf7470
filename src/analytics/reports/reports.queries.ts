import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { reportDigests } from './reports.tables.js';

export type DigestRow = typeof reportDigests.$inferSelect;

export async function findDigest(db: Db, ws: string): Promise<DigestRow | undefined> {
  const [row] = await db.select().from(reportDigests).where(eq(reportDigests.workspaceId, ws));
  return row;
}

/** The digest row locked for a send, so two sweeps cannot both mail the same period. */
export async function lockDigest(tx: Db, ws: string): Promise<DigestRow | undefined> {
  const [row] = await tx.select().from(reportDigests).where(eq(reportDigests.workspaceId, ws)).for('update');
  return row;
}

export async function upsertDigest(db: Db, ws: string, values: Pick<DigestRow, 'isEnabled' | 'frequency' | 'recipients' | 'updatedBy'>): Promise<void> {
  await db
    .insert(reportDigests)
    .values({ workspaceId: ws, ...values })
    .onConflictDoUpdate({ target: reportDigests.workspaceId, set: { ...values, updatedAt: new Date() } });
}

export async function markDigestSent(db: Db, ws: string, period: string): Promise<void> {
  await db.update(reportDigests).set({ lastSentPeriod: period, lastSentAt: new Date() }).where(eq(reportDigests.workspaceId, ws));
}

export async function findEnabledDigests(db: Db): Promise<DigestRow[]> {
  return db.select().from(reportDigests).where(eq(reportDigests.isEnabled, true));
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/client.js';
import { clvFits, clvPredictions } from './clv.tables.js';

export type ClvFitRow = typeof clvFits.$inferSelect;
export type ClvPredictionRow = typeof clvPredictions.$inferSelect;
export type ClvPredictionWrite = Omit<typeof clvPredictions.$inferInsert, 'workspaceId' | 'fittedAt'>;

const BATCH = 1000;

/** Replaces the workspace's fit and all its predictions (run inside one transaction by the caller). */
export async function replaceClvFit(
  tx: Db,
  ws: string,
  fit: Omit<typeof clvFits.$inferInsert, 'workspaceId' | 'fittedAt'>,
  predictions: ClvPredictionWrite[],
  fittedAt: Date,
): Promise<void> {
  await tx
    .insert(clvFits)
    .values({ ...fit, workspaceId: ws, fittedAt })
    .onConflictDoUpdate({ target: clvFits.workspaceId, set: { ...fit, fittedAt } });
  await tx.delete(clvPredictions).where(eq(clvPredictions.workspaceId, ws));
  for (let i = 0; i < predictions.length; i += BATCH) {
    await tx.insert(clvPredictions).values(predictions.slice(i, i + BATCH).map((p) => ({ ...p, workspaceId: ws, fittedAt })));
  }
}

export async function findClvFit(db: Db, ws: string): Promise<ClvFitRow | undefined> {
  const [row] = await db.select().from(clvFits).where(eq(clvFits.workspaceId, ws));
  return row;
}

export async function findClvPredictions(db: Db, ws: string, customerIds: string[]): Promise<ClvPredictionRow[]> {
  if (customerIds.length === 0) return [];
  return db.select().from(clvPredictions).where(and(eq(clvPredictions.workspaceId, ws), inArray(clvPredictions.customerId, customerIds)));
}

export interface ClvTotalsRow {
  customers: number;
  expected_purchases: number;
  expected_value: number;
  median_value: number | null;
}

/** Sums and the median of the predictions (one pass over the workspace's rows). */
export async function selectClvTotals(db: Db, ws: string): Promise<ClvTotalsRow> {
  const rows = await selectRows<ClvTotalsRow>(
    db,
    sql`select count(*)::int as customers, coalesce(sum(expected_purchases), 0)::float8 as expected_purchases,
          coalesce(sum(expected_value), 0)::float8 as expected_value,
          (percentile_cont(0.5) within group (order by expected_value))::float8 as median_value
        from analytics_clv_predictions where workspace_id = ${ws}`,
  );
  return rows[0] ?? { customers: 0, expected_purchases: 0, expected_value: 0, median_value: null };
}

/** Workspaces with a fit before (the nightly refit). */
export async function findWorkspacesWithClvFits(db: Db): Promise<string[]> {
  const rows = await db.select({ workspaceId: clvFits.workspaceId }).from(clvFits);
  return rows.map((r) => r.workspaceId);
}

import { and, desc, eq, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/client.js';
import { churnModels } from './churn.tables.js';

export type ChurnModelRow = typeof churnModels.$inferSelect;

export async function insertChurnModel(db: Db, row: typeof churnModels.$inferInsert): Promise<void> {
  await db.insert(churnModels).values(row);
}

/** The workspace's newest model (the one that scores). */
export async function findNewestChurnModel(db: Db, ws: string): Promise<ChurnModelRow | undefined> {
  const [row] = await db.select().from(churnModels).where(eq(churnModels.workspaceId, ws)).orderBy(desc(churnModels.trainedAt), desc(churnModels.id)).limit(1);
  return row;
}

export async function findChurnModel(db: Db, ws: string, id: string): Promise<ChurnModelRow | undefined> {
  const [row] = await db.select().from(churnModels).where(and(eq(churnModels.workspaceId, ws), eq(churnModels.id, id)));
  return row;
}

/** Scoring progress of a model run (read by the dashboard while the job works through the customers). */
export async function updateScoringProgress(db: Db, ws: string, id: string, p: { total?: number; scored: number; done?: boolean }): Promise<void> {
  await db
    .update(churnModels)
    .set({ ...(p.total !== undefined ? { scoreTotal: p.total } : {}), scoredCount: p.scored, ...(p.done ? { scoredAt: sql`now()` } : {}) })
    .where(and(eq(churnModels.workspaceId, ws), eq(churnModels.id, id)));
}

/** Workspaces that trained a model before, with the label of their newest model (for nightly retraining). */
export async function findWorkspacesWithChurnModels(db: Db): Promise<{ workspaceId: string; label: ChurnModelRow['label'] }[]> {
  const rows = await selectRows<{ workspace_id: string; label: ChurnModelRow['label'] }>(
    db,
    sql`select distinct on (workspace_id) workspace_id, label from analytics_churn_models order by workspace_id, trained_at desc, id desc`,
  );
  return rows.map((r) => ({ workspaceId: r.workspace_id, label: r.label }));
}

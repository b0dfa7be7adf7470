import type { AppContext } from '../../platform/context.js';
import { countCustomers, listModelInputs, refreshSegmentsAfterScoring, saveChurnScores } from '../../customers/analytics-export.service.js';
import { findChurnModel, findNewestChurnModel, updateScoringProgress } from './churn.queries.js';
import { scoreCustomer } from './train-model.js';

const BATCH = 1000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Scores every live customer of a workspace with one model, a batch at a time (each batch one read
 * and one set-based write), recording progress on the model. A model that is no longer the newest
 * stops: the newer model's own run scores everyone.
 */
export async function scoreWorkspaceCustomers(ctx: AppContext, workspaceId: string, modelId: string): Promise<{ scored: number; skipped?: boolean }> {
  const model = await findChurnModel(ctx.db, workspaceId, modelId);
  if (!model) return { scored: 0, skipped: true };
  const total = await countCustomers(ctx.db, workspaceId);
  await updateScoringProgress(ctx.db, workspaceId, modelId, { total, scored: 0 });
  const scorer = { specs: model.features, intercept: model.intercept };
  let after = FIRST_ID;
  let scored = 0;
  for (;;) {
    const rows = await listModelInputs(ctx.db, workspaceId, after, BATCH);
    if (rows.length === 0) break;
    const scores = rows.map((r) => ({ id: r.id, ...scoreCustomer(r, scorer) }));
    scored += await saveChurnScores(ctx.db, workspaceId, scores.map((s) => ({ id: s.id, risk: s.risk, factors: s.factors })));
    after = rows[rows.length - 1].id;
    await updateScoringProgress(ctx.db, workspaceId, modelId, { scored });
    const newest = await findNewestChurnModel(ctx.db, workspaceId);
    if (newest && newest.id !== modelId) return { scored, skipped: true };
  }
  await updateScoringProgress(ctx.db, workspaceId, modelId, { scored, done: true });
  await refreshSegmentsAfterScoring(ctx, workspaceId);
  return { scored };
}

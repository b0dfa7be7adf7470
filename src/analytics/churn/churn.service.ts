import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import { listAtRiskCustomers, listModelInputs, listTypedAttributes, type ModelInputRow } from '../../customers/analytics-export.service.js';
import type { ChurnLabel } from './churn.tables.js';
import { cursorValue, decodeCursor, encodeCursor, pageOf } from '../../platform/http/cursor.js';
import { z } from 'zod';
import type { TAtRiskQuery, TChurnModel, TTrainChurnRequest } from './churn.schemas.js';
import { findNewestChurnModel, insertChurnModel, type ChurnModelRow } from './churn.queries.js';
import { importances } from './features.js';
import { trainChurnModel } from './train-model.js';
import { scheduleScoring } from './scoring.jobs.js';
import { getClvByCustomer } from '../clv/clv.service.js';

const PAGE = 5000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** Every live customer's model inputs, read in pages so no single query holds the whole workspace. */
async function loadModelInputs(db: Db, workspaceId: string): Promise<ModelInputRow[]> {
  const all: ModelInputRow[] = [];
  let after = FIRST_ID;
  for (;;) {
    const rows = await listModelInputs(db, workspaceId, after, PAGE);
    all.push(...rows);
    if (rows.length < PAGE) return all;
    after = rows[rows.length - 1].id;
  }
}

function present(m: ChurnModelRow): TChurnModel {
  return {
    id: m.id,
    auc: m.auc,
    brier: m.brier,
    n: m.n,
    positives: m.positives,
    heldOut: m.heldOut,
    label: m.label,
    features: importances(m.features),
    calibration: m.calibration,
    trainedAt: m.trainedAt,
    trainedBy: m.trainedBy,
    scoring: { total: m.scoreTotal, scored: m.scoredCount, finishedAt: m.scoredAt },
  };
}

/**
 * Trains the workspace's churn model on its labelled customers (those whose label attribute is set;
 * the rest are only scored), stores it with an audit entry in one transaction, and queues scoring of
 * every customer after commit. The label attribute must exist; too few labelled customers is a 422.
 */
export async function trainWorkspaceChurnModel(ctx: AppContext, actor: Actor, body: TTrainChurnRequest) {
  const ws = actor.workspaceId;
  const label: ChurnLabel = body.label ?? { lost: true };
  const types = new Map((await listTypedAttributes(ctx.db, ws)).map((d) => [d.key, d.type]));
  if ('attribute' in label && !types.has(label.attribute)) {
    throw new AppError('validation_failed', `There is no customer attribute "${label.attribute}".`, {
      errors: [{ path: 'body.label.attribute', message: 'no such attribute in this workspace' }],
    });
  }
  const rows = await loadModelInputs(ctx.db, ws);
  const trained = await trainChurnModel(rows, types, label);
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await insertChurnModel(tx, {
      workspaceId: ws,
      id,
      label,
      auc: trained.auc,
      brier: trained.brier,
      n: trained.n,
      positives: trained.positives,
      heldOut: trained.heldOut,
      intercept: trained.intercept,
      features: trained.specs,
      calibration: trained.calibration,
      trainedBy: actor.label,
    });
    await recordAudit(tx, actor, {
      action: 'churn_model.trained',
      targetType: 'churn_model',
      targetId: id,
      details: { label, auc: trained.auc, n: trained.n, features: trained.specs.length },
    });
  });
  const scoringJobId = await scheduleScoring(ctx, ws, id);
  const stored = await findNewestChurnModel(ctx.db, ws);
  if (!stored) throw new Error('churn model vanished after commit');
  return { ...present(stored), scoringJobId };
}

/** The newest model with its scoring progress, or null before the first training. */
export async function getChurnModelState(db: Db, workspaceId: string) {
  const m = await findNewestChurnModel(db, workspaceId);
  return { model: m ? present(m) : null };
}

const AT_RISK_CURSOR = 'churn:atRisk';
const ZAtRiskAfter = z.tuple([z.number().min(0).max(1), cursorValue.id]);

/** Customers at or above a risk, riskiest first, with the factors behind each score; paged by (risk, id). */
export async function getAtRiskCustomers(db: Db, workspaceId: string, q: TAtRiskQuery) {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, AT_RISK_CURSOR, ZAtRiskAfter);
  const rows = await listAtRiskCustomers(db, workspaceId, q.minRisk, q.limit + 1, after ? { risk: after[0], id: after[1] } : undefined);
  const page = pageOf(rows, q.limit, (last) => encodeCursor(AT_RISK_CURSOR, [last.churnRisk, last.id]));
  // What losing each of them would cost: a customer at risk with a high predicted value comes first in practice.
  const clv = await getClvByCustomer(db, workspaceId, page.data.map((c) => c.id));
  return { minRisk: q.minRisk, data: page.data.map((c) => ({ ...c, clv: clv.get(c.id) ?? null })), nextCursor: page.nextCursor };
}

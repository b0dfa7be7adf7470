import { AppError } from '../../platform/errors.js';
import { parseBoolean } from '../../imports/value-types.js';
import type { ModelInputRow } from '../../customers/analytics-export.service.js';
import type { CalibrationBin, ChurnFeatureSpec, ChurnLabel } from './churn.tables.js';
import { buildFeatureSpecs, encode, explain, type AttributeTypes, type Factor } from './features.js';
import { fitLogistic, logOdds, sigmoid } from './logistic-regression.js';
import { brierScore, calibrationBins, rocAuc } from './evaluation.js';

export interface TrainedChurnModel {
  specs: ChurnFeatureSpec[];
  intercept: number;
  auc: number;
  brier: number;
  calibration: CalibrationBin[];
  n: number;
  positives: number;
  heldOut: number;
}

/** The penalty of the fit (see logistic-regression.ts); mild, as the columns are standardised. */
const LAMBDA = 1;
const MIN_PER_CLASS = 10;

/**
 * A customer's label: 1 churned, 0 stayed, null unknown (to be predicted, never trained on).
 * `positive` is the value as written in the imported file; a column the import typed as boolean
 * holds true/false, so "Yes" is read with the import's own yes/no words and matches true.
 */
export function labelOf(row: ModelInputRow, label: ChurnLabel): 0 | 1 | null {
  if ('lost' in label) return row.lifecycle_stage === 'churned' || (row.event_counts?.subscription_cancelled ?? 0) > 0 ? 1 : 0;
  const v = row.attributes[label.attribute];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  const wanted = label.positive.trim();
  if (typeof v === 'boolean') {
    const b = parseBoolean(wanted);
    return b === undefined ? (String(v) === wanted.toLowerCase() ? 1 : 0) : v === b ? 1 : 0;
  }
  if (typeof v === 'number') return Number(wanted) === v ? 1 : 0;
  const text = v.trim().toLowerCase();
  if (text === wanted.toLowerCase()) return 1;
  const a = parseBoolean(text);
  return a !== undefined && a === parseBoolean(wanted) ? 1 : 0;
}

/** What the model must not see: the label itself, and for the "lost" rule the inputs that define it. */
export function excludedSources(label: ChurnLabel): Set<string> {
  if ('lost' in label) return new Set(['lifecycleStage', 'daysSinceLastActivity', 'daysSinceLastPurchase', 'events: subscription_cancelled']);
  return new Set([label.attribute]);
}

// uuidv7 ends in random bits: a stable one-in-five hold-out that does not depend on row order.
const isHeldOut = (id: string) => parseInt(id.slice(-4), 16) % 5 === 0;

function tooFew(message: string): AppError {
  return new AppError('validation_failed', message, { errors: [{ path: 'body.label', message }] });
}

async function fit(rows: ModelInputRow[], y: number[], types: AttributeTypes, exclude: Set<string>) {
  const specs = buildFeatureSpecs(rows, types, { exclude });
  if (specs.length === 0) throw tooFew('No usable inputs: the labelled customers have no attributes, traits or events that vary.');
  const fitted = await fitLogistic(rows.map((r) => encode(r, specs)), y, { lambda: LAMBDA });
  specs.forEach((s, j) => (s.coefficient = fitted.weights[j]));
  return { specs, intercept: fitted.intercept };
}

/**
 * Trains on the labelled customers: fits on four fifths, reports AUC, Brier score and calibration
 * on the held-out fifth, then refits on all of them for scoring (the reported numbers describe the
 * procedure; the refit only sees more data).
 */
export async function trainChurnModel(all: ModelInputRow[], types: AttributeTypes, label: ChurnLabel): Promise<TrainedChurnModel> {
  const labelled: ModelInputRow[] = [];
  const y: number[] = [];
  for (const r of all) {
    const l = labelOf(r, label);
    if (l !== null) {
      labelled.push(r);
      y.push(l);
    }
  }
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives < MIN_PER_CLASS || labelled.length - positives < MIN_PER_CLASS) {
    throw tooFew(`Too few labelled customers: ${positives} churned and ${labelled.length - positives} stayed; at least ${MIN_PER_CLASS} of each are needed.`);
  }
  const train = { rows: [] as ModelInputRow[], y: [] as number[] };
  const test = { rows: [] as ModelInputRow[], y: [] as number[] };
  labelled.forEach((r, i) => {
    const part = isHeldOut(r.id) ? test : train;
    part.rows.push(r);
    part.y.push(y[i]);
  });
  const testPositives = test.y.reduce((a, b) => a + b, 0);
  if (testPositives < 2 || test.y.length - testPositives < 2) {
    throw tooFew('Too few labelled customers to hold out a test set with both outcomes; label more customers.');
  }
  const exclude = excludedSources(label);
  const partial = await fit(train.rows, train.y, types, exclude);
  const p = test.rows.map((r) => sigmoid(logOdds({ intercept: partial.intercept, weights: partial.specs.map((s) => s.coefficient) }, encode(r, partial.specs))));
  const final = await fit(labelled, y, types, exclude);
  return {
    specs: final.specs,
    intercept: final.intercept,
    auc: rocAuc(p, test.y),
    brier: brierScore(p, test.y),
    calibration: calibrationBins(p, test.y, 10),
    n: labelled.length,
    positives,
    heldOut: test.rows.length,
  };
}

/** A customer's churn risk under a model, with the factors that moved it most. */
export function scoreCustomer(row: ModelInputRow, model: { specs: readonly ChurnFeatureSpec[]; intercept: number }): { risk: number; factors: Factor[] } {
  const x = encode(row, model.specs);
  let z = model.intercept;
  for (let j = 0; j < model.specs.length; j++) z += model.specs[j].coefficient * x[j];
  const risk = sigmoid(z);
  return { risk: Math.round(risk * 10000) / 10000, factors: explain(row, model.specs, x) };
}

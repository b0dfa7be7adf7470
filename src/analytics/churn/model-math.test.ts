import { describe, expect, it } from 'vitest';
import { brierScore, calibrationBins, rocAuc } from './evaluation.js';
import { fitLogistic, solveSpd } from './logistic-regression.js';
import { labelOf } from './train-model.js';
import type { ModelInputRow } from '../../customers/analytics-export.service.js';

describe('model evaluation (hand-computed)', () => {
  it('AUC is the share of positive–negative pairs ranked right, ties counting half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.9], [0, 1])).toBe(1);
    expect(rocAuc([0.2, 0.9], [1, 1])).toBeNaN();
  });
  it('Brier score and calibration bins', () => {
    expect(brierScore([0.5, 1], [0, 1])).toBe(0.125);
    expect(calibrationBins([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 0], 2)).toEqual([
      { predicted: 0.15000000000000002, observed: 0, n: 2 },
      { predicted: 0.8500000000000001, observed: 0.5, n: 2 },
    ]);
  });
  it('solves a 2 × 2 system', () => {
    expect(Array.from(solveSpd(new Float64Array([4, 2, 2, 3]), new Float64Array([2, 1]), 2)).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.5, 0]);
  });
});

describe('logistic regression', () => {
  it('recovers known coefficients from generated data', async () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows: Float64Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = new Float64Array([rnd() * 2 - 1, rnd() * 2 - 1]);
      rows.push(x);
      y.push(rnd() < 1 / (1 + Math.exp(-(0.5 + 2 * x[0] - 1 * x[1]))) ? 1 : 0);
    }
    const fit = await fitLogistic(rows, y, { lambda: 0 });
    expect(fit.intercept).toBeCloseTo(0.5, 0);
    expect(fit.weights[0]).toBeGreaterThan(1.7);
    expect(fit.weights[0]).toBeLessThan(2.3);
    expect(fit.weights[1]).toBeGreaterThan(-1.3);
    expect(fit.weights[1]).toBeLessThan(-0.7);
    expect(fit.iterations).toBeLessThan(15);
  });
});

describe('labels', () => {
  const row = (attributes: ModelInputRow['attributes']): ModelInputRow => ({ id: 'x', attributes, event_counts: null, lifecycle_stage: 'active' } as ModelInputRow);
  it('"Yes" matches a boolean true, text "yes", and a missing value is unknown', () => {
    const label = { attribute: 'Churn', positive: 'Yes' };
    expect(labelOf(row({ Churn: true }), label)).toBe(1);
    expect(labelOf(row({ Churn: false }), label)).toBe(0);
    expect(labelOf(row({ Churn: 'yes' }), label)).toBe(1);
    expect(labelOf(row({ Churn: 'No' }), label)).toBe(0);
    expect(labelOf(row({}), label)).toBeNull();
    expect(labelOf(row({ Churn: null }), label)).toBeNull();
    expect(labelOf(row({ Churn: ' ' }), label)).toBeNull();
    expect(labelOf(row({ Plan: 'Churned' }), { attribute: 'Plan', positive: 'churned' })).toBe(1);
  });
});

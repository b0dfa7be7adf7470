import { describe, expect, it } from 'vitest';
import { lmgImportance } from './relative-importance.js';

describe('LMG relative importance (hand-computed)', () => {
  it('orthogonal predictors: each share is its r² (576/832 and 256/832), summing to R² = 1', () => {
    // y − 5 = 1.5 (x1 − 3) + (x2 − 3) exactly; x1 and x2 are uncorrelated.
    const x = [[1, 1], [1, 5], [5, 1], [5, 5]];
    const y = [0, 4, 6, 10];
    const r = lmgImportance(y, x, [{ key: 'x1', columns: [0] }, { key: 'x2', columns: [1] }]);
    expect(r.r2).toBeCloseTo(1, 10);
    expect(r.importances[0].lmg).toBeCloseTo(576 / 832, 10);
    expect(r.importances[1].lmg).toBeCloseTo(256 / 832, 10);
  });

  it('correlated predictors: ½(r²₁ + R² − r²₂) with r²₁ = 0.64, r²₂ = 0.09, R² = 346/360', () => {
    // Centred: x1 = (−2,−1,0,1,2), x2 = (−1,−2,1,0,2), y = (−2,0,−1,2,1); Sxx = [[10,8],[8,10]], Sxy = (8,3), Syy = 10.
    const x = [[1, 2], [2, 1], [3, 4], [4, 3], [5, 5]];
    const y = [1, 3, 2, 5, 4];
    const r = lmgImportance(y, x, [{ key: 'x1', columns: [0] }, { key: 'x2', columns: [1] }]);
    const full = 346 / 360;
    expect(r.r2).toBeCloseTo(full, 10);
    expect(r.importances[0]).toMatchObject({ key: 'x1' });
    expect(r.importances[0].r2Alone).toBeCloseTo(0.64, 10);
    expect(r.importances[0].lmg).toBeCloseTo((0.64 + full - 0.09) / 2, 10);
    expect(r.importances[1].lmg).toBeCloseTo((0.09 + full - 0.64) / 2, 10);
  });

  it('a group of dummies enters as one; a constant predictor gets 0; shares add up to R² with three groups', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: i % 4, b: (i * 7) % 5, c: i % 3 }));
    const x = rows.map((r) => [r.a, r.b, r.c === 1 ? 1 : 0, r.c === 2 ? 1 : 0, 3]);
    const y = rows.map((r, i) => 2 * r.a + 0.5 * r.b + (r.c === 2 ? 3 : 0) + ((i * 13) % 7) / 7);
    const r = lmgImportance(y, x, [{ key: 'a', columns: [0] }, { key: 'b', columns: [1] }, { key: 'c', columns: [2, 3] }, { key: 'const', columns: [4] }]);
    expect(r.importances.reduce((s, i) => s + i.lmg, 0)).toBeCloseTo(r.r2, 10);
    expect(r.importances[3].lmg).toBeCloseTo(0, 10);
    expect(r.importances[2].lmg).toBeGreaterThan(0.05);
    expect(lmgImportance([], [], [])).toEqual({ r2: 0, importances: [] });
  });
});

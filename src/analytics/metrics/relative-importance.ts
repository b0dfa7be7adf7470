/**
 * Relative importance of predictor groups in a linear regression: the LMG / Shapley decomposition of R²
 * (Lindeman, Merenda & Gold 1980; Grömping 2006). Each group's share is its marginal gain in R², averaged
 * over every order in which the groups could enter the model, so the shares add up to the full R² whatever
 * the correlations between predictors. A group is one numeric predictor or the dummies of one choice
 * question (which enter and leave together). Exact: all 2^p subsets, so p is kept ≤ MAX_GROUPS.
 */

export const MAX_GROUPS = 12;

export interface PredictorGroup {
  key: string;
  /** Column indexes of this group in each row of `x`. */
  columns: number[];
}

export interface Importance {
  key: string;
  /** The group's share of R² in R² points (they sum to r2). */
  lmg: number;
  /** R² of the group alone. */
  r2Alone: number;
}

/** Covariance matrix of the columns of `data` (rows × columns), divided by n (the 1/n cancels in R²). */
function covariance(data: number[][]): number[][] {
  const n = data.length;
  const k = data[0]?.length ?? 0;
  const mean = Array.from({ length: k }, (_, j) => data.reduce((s, r) => s + r[j], 0) / n);
  const c = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of data) {
    for (let i = 0; i < k; i++) {
      const di = r[i] - mean[i];
      for (let j = i; j < k; j++) c[i][j] += di * (r[j] - mean[j]);
    }
  }
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) c[j][i] = c[i][j] /= n;
  return c;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; a (near) singular column gets weight 0. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  const x = new Array<number>(n).fill(0);
  const pivots: number[] = [];
  let row = 0;
  for (let col = 0; col < n && row < n; col++) {
    let best = row;
    for (let r = row + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[best][col])) best = r;
    if (Math.abs(m[best][col]) < 1e-10 * Math.max(1, Math.abs(a[col][col]))) continue; // collinear: drop
    [m[row], m[best]] = [m[best], m[row]];
    for (let r = 0; r < n; r++) {
      if (r === row) continue;
      const f = m[r][col] / m[row][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[row][c];
    }
    pivots[row] = col;
    row++;
  }
  for (let r = 0; r < row; r++) x[pivots[r]] = m[r][n] / m[r][pivots[r]];
  return x;
}

/** R² of regressing y (column 0 of the covariance) on the given predictor columns (1-based in cov). */
function r2Of(cov: number[][], cols: number[]): number {
  if (!cols.length || cov[0][0] <= 0) return 0;
  const sxx = cols.map((i) => cols.map((j) => cov[i][j]));
  const sxy = cols.map((i) => cov[i][0]);
  const beta = solve(sxx, sxy);
  const explained = beta.reduce((s, b, i) => s + b * sxy[i], 0);
  return Math.min(1, Math.max(0, explained / cov[0][0]));
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** LMG shares of each group for outcome `y` and predictor rows `x` (complete cases only). */
export function lmgImportance(y: number[], x: number[][], groups: PredictorGroup[]): { r2: number; importances: Importance[] } {
  if (groups.length > MAX_GROUPS) throw new Error(`at most ${MAX_GROUPS} predictor groups`);
  const p = groups.length;
  if (y.length < 2 || p === 0) return { r2: 0, importances: groups.map((g) => ({ key: g.key, lmg: 0, r2Alone: 0 })) };
  const cov = covariance(y.map((v, i) => [v, ...x[i]]));
  const r2 = new Array<number>(1 << p);
  for (let mask = 0; mask < 1 << p; mask++) {
    const cols = groups.flatMap((g, j) => (mask & (1 << j) ? g.columns.map((c) => c + 1) : []));
    r2[mask] = r2Of(cov, cols);
  }
  const weight = (size: number) => (factorial(size) * factorial(p - size - 1)) / factorial(p);
  const importances = groups.map((g, j) => {
    let lmg = 0;
    for (let mask = 0; mask < 1 << p; mask++) {
      if (mask & (1 << j)) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      lmg += weight(size) * (r2[mask | (1 << j)] - r2[mask]);
    }
    return { key: g.key, lmg, r2Alone: r2[1 << j] };
  });
  return { r2: r2[(1 << p) - 1], importances };
}

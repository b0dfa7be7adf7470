/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS). Why our own and not a library:
 * the npm options (ml-logistic-regression, ml-xgboost as WASM) either have no regularisation and fit
 * by plain gradient descent with a hand-tuned learning rate, or ship a large binary; with standardised
 * inputs and at most a hundred-odd columns, Newton converges in under ten passes and needs only a
 * d × d solve. Each pass yields to the event loop every few thousand rows so training 50k customers
 * does not stall the HTTP server.
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept), in units of the summed log-likelihood. */
  lambda?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Rows between yields to the event loop. */
  chunk?: number;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Solves A x = b for a symmetric positive definite A (row-major, n × n) by Cholesky; A is not changed. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * n + j] = s / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** The linear predictor (log-odds) of one row. */
export function logOdds(fit: Pick<LogisticFit, 'intercept' | 'weights'>, x: ArrayLike<number>): number {
  let z = fit.intercept;
  for (let j = 0; j < fit.weights.length; j++) z += fit.weights[j] * x[j];
  return z;
}

/** Fits P(y = 1 | x) = σ(b + w·x) minimising −log-likelihood + λ/2 · |w|². Rows are feature vectors of equal length. */
export async function fitLogistic(rows: Float64Array[], y: ArrayLike<number>, opts: FitOptions = {}): Promise<LogisticFit> {
  const lambda = opts.lambda ?? 1;
  const maxIterations = opts.maxIterations ?? 25;
  const tolerance = opts.tolerance ?? 1e-6;
  const chunk = opts.chunk ?? 2000;
  const d = rows[0]?.length ?? 0;
  const m = d + 1; // parameter 0 is the intercept
  const beta = new Float64Array(m);
  const xi = new Float64Array(m);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const grad = new Float64Array(m);
    const hess = new Float64Array(m * m);
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % chunk === 0) await yieldToLoop();
      const row = rows[i];
      xi[0] = 1;
      for (let j = 0; j < d; j++) xi[j + 1] = row[j];
      let z = 0;
      for (let j = 0; j < m; j++) z += beta[j] * xi[j];
      const p = sigmoid(z);
      const r = p - y[i];
      const w = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < m; j++) {
        const xj = xi[j];
        if (xj === 0) continue;
        grad[j] += r * xj;
        const wx = w * xj;
        const base = j * m;
        for (let k = j; k < m; k++) hess[base + k] += wx * xi[k];
      }
    }
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) hess[j * m + k] = hess[k * m + j];
    for (let j = 1; j < m; j++) {
      grad[j] += lambda * beta[j];
      hess[j * m + j] += lambda;
    }
    hess[0] += 1e-9;
    const step = solveSpd(hess, grad, m);
    let largest = 0;
    for (let j = 0; j < m; j++) {
      beta[j] -= step[j];
      largest = Math.max(largest, Math.abs(step[j]));
    }
    if (largest < tolerance) {
      iterations++;
      break;
    }
  }
  return { intercept: beta[0], weights: Array.from(beta.subarray(1)), iterations };
}

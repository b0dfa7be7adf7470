/**
 * Nelder–Mead minimisation (standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½),
 * restarted from its best point until a restart no longer improves it, which guards against the
 * simplex collapsing early. No library: the npm "fmin" package is unmaintained (last release 2016).
 * Derivative-free, so a likelihood only has to return a number (Infinity where it is undefined).
 */
export interface MinimumResult {
  x: number[];
  value: number;
  iterations: number;
}

function simplexRun(f: (x: number[]) => number, start: number[], step: number, maxIterations: number, tolerance: number): MinimumResult {
  const n = start.length;
  const points: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    points.push(p);
  }
  let values = points.map(f);
  let iterations = 0;
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
    const sorted = order.map((i) => points[i]);
    values = order.map((i) => values[i]);
    points.splice(0, points.length, ...sorted);
    if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centroid = Array.from({ length: n }, (_, k) => points.slice(0, n).reduce((s, p) => s + p[k], 0) / n);
    const worst = points[n];
    const reflected = combine(centroid, worst, -1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = combine(centroid, worst, -2);
      const fe = f(expanded);
      [points[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [points[n], values[n]] = [reflected, fr];
    } else {
      const outside = fr < values[n];
      const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : values[n])) {
        [points[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          points[i] = combine(points[0], points[i], 0.5);
          values[i] = f(points[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: points[best], value: values[best], iterations };
}

/** Minimises f from `start`; `step` is the initial simplex edge in each coordinate. */
export function minimize(
  f: (x: number[]) => number,
  start: number[],
  { step = 0.5, maxIterations = 5000, tolerance = 1e-10, restarts = 5 } = {},
): MinimumResult {
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let best = simplexRun(safe, start, step, maxIterations, tolerance);
  let total = best.iterations;
  for (let i = 0; i < restarts; i++) {
    const again = simplexRun(safe, best.x, step / 2 ** (i + 1), maxIterations, tolerance);
    total += again.iterations;
    const improved = again.value < best.value - tolerance * (Math.abs(best.value) + tolerance);
    if (again.value < best.value) best = again;
    if (!improved) break;
  }
  return { ...best, iterations: total };
}

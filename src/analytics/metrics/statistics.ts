/**
 * The statistics behind every CX metric (docs/formulas.md, "CX metrics"): NPS with its margin of error,
 * Wilson intervals for shares, normal intervals for means, and z-tests for differences. Pure functions,
 * checked against hand-computed cases in statistics.test.ts.
 */

/** The 95 % two-sided normal quantile as the NPS literature writes it (1.96, not 1.95996…). */
export const Z95 = 1.96;
/** Below this many answers on either side a comparison is not judged: the normal approximation is too rough. */
export const MIN_N = 30;

export const round = (v: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Sufficient statistics of a cell: counts by class and the moments of the raw scores. */
export interface Tally {
  n: number;
  /** Promoters (NPS), satisfied (CSAT), easy (CES), finished responses (response rate). */
  hits: number;
  /** Detractors (NPS); partial responses (response rate); unused otherwise. */
  misses: number;
  sum: number;
  sumSq: number;
  /** Responses that answer an invitation (response rate only). */
  invited: number;
}

export const emptyTally = (): Tally => ({ n: 0, hits: 0, misses: 0, sum: 0, sumSq: 0, invited: 0 });

export function addTally(into: Tally, t: Tally): Tally {
  into.n += t.n;
  into.hits += t.hits;
  into.misses += t.misses;
  into.sum += t.sum;
  into.sumSq += t.sumSq;
  into.invited += t.invited;
  return into;
}

export const minusTally = (a: Tally, b: Tally): Tally => ({
  n: a.n - b.n, hits: a.hits - b.hits, misses: a.misses - b.misses, sum: a.sum - b.sum, sumSq: a.sumSq - b.sumSq, invited: a.invited - b.invited,
});

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): enough for p-values shown to 4 places. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface NpsFigure {
  nps: number | null;
  /** 1.96 · 100 · √((p + d − (p − d)²) / n), in NPS points. */
  marginOfError: number | null;
  /** Standard error of the NPS in points (marginOfError ÷ 1.96), kept unrounded for tests. */
  standardError: number | null;
}

/** NPS = 100 (p − d) with p, d the shares of promoters and detractors; its variance is (p + d − (p − d)²)/n. */
export function npsOf(promoters: number, detractors: number, n: number): NpsFigure {
  if (n <= 0) return { nps: null, marginOfError: null, standardError: null };
  const p = promoters / n;
  const d = detractors / n;
  const se = 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  return { nps: 100 * (p - d), marginOfError: Z95 * se, standardError: se };
}

/** Wilson score interval of a share k/n in percent; better than p ± z√(p(1−p)/n) near 0 %, 100 % and for small n. */
export function wilson(k: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half) };
}

/** Mean with a normal 95 % interval (sample standard deviation); no interval below two answers. */
export function meanOf(t: Pick<Tally, 'n' | 'sum' | 'sumSq'>): { mean: number | null; sd: number | null; low: number | null; high: number | null } {
  if (t.n <= 0) return { mean: null, sd: null, low: null, high: null };
  const mean = t.sum / t.n;
  if (t.n < 2) return { mean, sd: null, low: null, high: null };
  const sd = Math.sqrt(Math.max(0, (t.sumSq - (t.sum * t.sum) / t.n) / (t.n - 1)));
  const half = (Z95 * sd) / Math.sqrt(t.n);
  return { mean, sd, low: mean - half, high: mean + half };
}

export type Verdict = 'significant' | 'not_significant' | 'too_few_responses';

export interface SignificanceTest {
  /** a − b in the metric's unit (NPS points, percentage points, scale points). */
  difference: number | null;
  standardError: number | null;
  z: number | null;
  /** Two-sided. */
  pValue: number | null;
  verdict: Verdict;
  /** Says in words what the numbers mean, including when there are too few answers to tell. */
  note: string;
}

function judge(difference: number, se: number, na: number, nb: number): SignificanceTest {
  if (na < MIN_N || nb < MIN_N) {
    return { difference, standardError: se, z: null, pValue: null, verdict: 'too_few_responses',
      note: `Too few responses to tell whether this change is real (${na} and ${nb}; at least ${MIN_N} on each side are needed).` };
  }
  const z = se > 0 ? difference / se : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const pValue = Number.isFinite(z) ? 2 * (1 - normalCdf(Math.abs(z))) : 0;
  const significant = pValue < 0.05;
  return { difference, standardError: se, z: Number.isFinite(z) ? z : null, pValue, verdict: significant ? 'significant' : 'not_significant',
    note: significant ? 'The difference is statistically significant at the 5 % level.' : 'The difference is within what chance alone would give (not significant at the 5 % level).' };
}

const noData = (na: number, nb: number): SignificanceTest => ({
  difference: null, standardError: null, z: null, pValue: null, verdict: 'too_few_responses',
  note: `Too few responses to compare (${na} and ${nb}; at least ${MIN_N} on each side are needed).`,
});

/** Two independent NPS: z = (NPS_a − NPS_b) / √(SE_a² + SE_b²). */
export function compareNps(a: Tally, b: Tally): SignificanceTest {
  const x = npsOf(a.hits, a.misses, a.n);
  const y = npsOf(b.hits, b.misses, b.n);
  if (x.nps === null || y.nps === null) return noData(a.n, b.n);
  return judge(x.nps - y.nps, Math.sqrt(x.standardError! ** 2 + y.standardError! ** 2), a.n, b.n);
}

/** Two shares (CSAT satisfied, CES easy, completion): pooled two-proportion z-test, difference in percentage points. */
export function compareShares(a: Tally, b: Tally): SignificanceTest {
  if (a.n <= 0 || b.n <= 0) return noData(a.n, b.n);
  const pooled = (a.hits + b.hits) / (a.n + b.n);
  const se = 100 * Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return judge((100 * a.hits) / a.n - (100 * b.hits) / b.n, se, a.n, b.n);
}

/** Two means (CES): Welch's z on unequal variances, fine at n ≥ MIN_N where t ≈ z. */
export function compareMeans(a: Tally, b: Tally): SignificanceTest {
  const x = meanOf(a);
  const y = meanOf(b);
  if (x.mean === null || y.mean === null) return noData(a.n, b.n);
  if (x.sd === null || y.sd === null) return judge(x.mean - y.mean, 0, a.n, b.n);
  return judge(x.mean - y.mean, Math.sqrt(x.sd ** 2 / a.n + y.sd ** 2 / b.n), a.n, b.n);
}

// Student's t 0.975 quantiles for 1–30 degrees of freedom (standard tables, 4 places).
const T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423];

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom (the multiplier of a 95 % two-sided
 * t-interval): the table up to 30, beyond it the Cornish–Fisher expansion around z (error < 1e-4 there).
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = 1.959964;
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
    + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4);
}

/** Mean with a 95 % t-interval (sample standard deviation, n − 1 degrees of freedom); no interval below two values. */
export function meanWithT(t: Pick<Tally, 'n' | 'sum' | 'sumSq'>): { mean: number | null; half: number | null } {
  if (t.n <= 0) return { mean: null, half: null };
  const mean = t.sum / t.n;
  if (t.n < 2) return { mean, half: null };
  const sd = Math.sqrt(Math.max(0, (t.sumSq - (t.sum * t.sum) / t.n) / (t.n - 1)));
  return { mean, half: (tQuantile975(t.n - 1) * sd) / Math.sqrt(t.n) };
}

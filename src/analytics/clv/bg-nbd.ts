import { hyp2f1, lnGamma } from './special-functions.js';
import { minimize } from './nelder-mead.js';

/**
 * BG/NBD ("Counting your customers the easy way", Fader, Hardie & Lee 2005): while alive a customer buys
 * at Poisson rate λ ~ Gamma(r, α); after each repeat purchase they drop out with probability p ~ Beta(a, b).
 * A customer is summarised by x (repeat purchases), tₓ (time of the last one since the first purchase) and
 * T (time since the first purchase), all in the same unit (weeks in Kunde).
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface PurchaseHistory {
  x: number;
  tx: number;
  T: number;
}

const logSumExp = (u: number, v: number) => {
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
};

/** The Γ terms of the likelihood, which depend on the customer only through x (A₁ + A₂ of the paper). */
const gammaTerms = ({ r, alpha, a, b }: BgNbdParameters, x: number) =>
  lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);

/** ln L(r, α, a, b | x, tₓ, T) of one customer (equation 6 of the paper). */
export function bgNbdLogLikelihood(params: BgNbdParameters, history: PurchaseHistory, terms = gammaTerms(params, history.x)): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = history;
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return terms + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return terms + logSumExp(a3, a4);
}

/** P(alive | x, tₓ, T): a customer without repeat purchases cannot have dropped out yet. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** E[purchases in the next t | x, tₓ, T] (equation 10). */
export function expectedPurchases({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory, t: number): number {
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const head = ((a + b + x - 1) / (a - 1)) * bracket;
  const tail = x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0;
  const value = head / (1 + tail);
  // a = 1 exactly is a removable singularity of the closed form; a hair away gives its limit.
  if (!Number.isFinite(value)) return expectedPurchases({ r, alpha, a: a + 1e-6, b }, { x, tx, T }, t);
  return Math.max(0, value);
}

/**
 * Maximum likelihood on log-parameters (so all four stay positive) by Nelder–Mead. Starts at 1 for every
 * parameter except α, which starts at the mean T, a scale the data sets.
 */
export function fitBgNbd(customers: readonly PurchaseHistory[]): { parameters: BgNbdParameters; logLikelihood: number } {
  if (customers.length === 0) throw new RangeError('no customers to fit');
  const meanT = customers.reduce((s, c) => s + c.T, 0) / customers.length;
  const unpack = (v: number[]): BgNbdParameters => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const negativeMeanLl = (v: number[]) => {
    if (v.some((k) => Math.abs(k) > 20)) return Number.POSITIVE_INFINITY;
    const p = unpack(v);
    // Purchase counts repeat across customers: the Γ terms once per distinct x, not per customer.
    const terms = new Map<number, number>();
    let sum = 0;
    for (const c of customers) {
      let g = terms.get(c.x);
      if (g === undefined) terms.set(c.x, (g = gammaTerms(p, c.x)));
      sum += bgNbdLogLikelihood(p, c, g);
    }
    return -sum / customers.length;
  };
  const best = minimize(negativeMeanLl, [0, Math.log(Math.max(meanT, 1e-3)), 0, 0]);
  return { parameters: unpack(best.x), logLikelihood: -best.value * customers.length };
}

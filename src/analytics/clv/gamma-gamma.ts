import { lnGamma } from './special-functions.js';
import { minimize } from './nelder-mead.js';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): each purchase's
 * value is Gamma(p, ν) with a customer's ν ~ Gamma(q, γ). A customer is summarised by the number of
 * purchases x and their mean value m. Assumes spend is independent of purchase frequency.
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendHistory {
  x: number;
  m: number;
}

/** The Γ terms of the density, which depend on the customer only through x. */
const gammaTerms = ({ p, q }: GammaGammaParameters, x: number) => lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + p * x * Math.log(x);

/** ln f(m | p, q, γ, x), the density of a customer's mean purchase value. */
export function gammaGammaLogLikelihood(params: GammaGammaParameters, { x, m }: SpendHistory, terms = gammaTerms(params, x)): number {
  const { p, q, gamma } = params;
  return terms + q * Math.log(gamma) + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(gamma + m * x);
}

/** E[value of a purchase | x, m]: a weighted mean of the population mean pγ/(q − 1) and the customer's own m. */
export function expectedPurchaseValue({ p, q, gamma }: GammaGammaParameters, { x, m }: SpendHistory): number {
  return (p * (gamma + x * m)) / (p * x + q - 1);
}

/**
 * Maximum likelihood on log-parameters by Nelder–Mead. Values are divided by their mean before fitting
 * (γ is a scale parameter, so it is multiplied back) to keep minor-unit amounts well conditioned.
 */
export function fitGammaGamma(customers: readonly SpendHistory[]): { parameters: GammaGammaParameters; logLikelihood: number } {
  const usable = customers.filter((c) => c.x > 0 && c.m > 0);
  if (usable.length === 0) throw new RangeError('no customers with positive spend to fit');
  const scale = usable.reduce((s, c) => s + c.m, 0) / usable.length;
  const scaled = usable.map((c) => ({ x: c.x, m: c.m / scale }));
  const unpack = (v: number[]): GammaGammaParameters => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const negativeMeanLl = (v: number[]) => {
    if (v.some((k) => Math.abs(k) > 20)) return Number.POSITIVE_INFINITY;
    const params = unpack(v);
    const terms = new Map<number, number>();
    let sum = 0;
    for (const c of scaled) {
      let g = terms.get(c.x);
      if (g === undefined) terms.set(c.x, (g = gammaTerms(params, c.x)));
      sum += gammaGammaLogLikelihood(params, c, g);
    }
    return -sum / scaled.length;
  };
  const best = minimize(negativeMeanLl, [0, Math.log(2), 0]);
  const fitted = unpack(best.x);
  // ln f(m) = ln f(m / s) − ln s for every customer: the scaled log-likelihood converts back exactly.
  const logLikelihood = -best.value * scaled.length - scaled.length * Math.log(scale);
  return { parameters: { ...fitted, gamma: fitted.gamma * scale }, logLikelihood };
}

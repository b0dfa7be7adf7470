import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive } from './bg-nbd.js';
import { expectedPurchaseValue, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { minimize } from './nelder-mead.js';
import { hyp2f1, lnGamma } from './special-functions.js';
import { simulateBuyers } from './simulate-buyers.js';

const ones = { r: 1, alpha: 1, a: 1, b: 1 };

describe('special functions', () => {
  it('ln Γ matches factorials and Γ(½) = √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lnGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
  it('₂F₁(1, 1; 2; z) = −ln(1 − z) / z', () => {
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.log(2), 12);
    expect(hyp2f1(1, 1, 2, 0.9)).toBeCloseTo(-Math.log(0.1) / 0.9, 10);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('BG/NBD by hand', () => {
  // λ ~ Exp(1), p ~ Uniform: L = E[(1−p)^x λ^x e^{−λT}] + E[p(1−p)^{x−1} λ^x e^{−λtₓ}], and E[λ e^{−cλ}] = 1/(1+c)².
  it('x = 0, T = 1: L = E[e^{−λ}] = ½', () => {
    expect(bgNbdLogLikelihood(ones, { x: 0, tx: 0, T: 1 })).toBeCloseTo(Math.log(1 / 2), 12);
  });
  it('x = 1, tₓ = 1, T = 2: L = ½·1/9 + ½·1/4 = 13/72', () => {
    expect(bgNbdLogLikelihood(ones, { x: 1, tx: 1, T: 2 })).toBeCloseTo(Math.log(13 / 72), 12);
  });
  it('P(alive) for x = 1, tₓ = 1, T = 2: (1/18) ÷ (13/72) = 4/13', () => {
    expect(probabilityAlive(ones, { x: 1, tx: 1, T: 2 })).toBeCloseTo(4 / 13, 12);
    expect(probabilityAlive(ones, { x: 0, tx: 0, T: 5 })).toBe(1);
  });
  it('a new customer expects ∫ 2p/(1+p) dp = 2 − 2 ln 2 purchases in one week (r = α = b = 1, a = 2)', () => {
    // E[Y(t) | λ, p] = (1 − e^{−λpt})/p; over λ ~ Exp(1) that is t/(1 + pt); over p ~ Beta(2, 1) (density 2p) at t = 1.
    expect(expectedPurchases({ r: 1, alpha: 1, a: 2, b: 1 }, { x: 0, tx: 0, T: 0 }, 1)).toBeCloseTo(2 - 2 * Math.log(2), 10);
    expect(expectedPurchases(ones, { x: 0, tx: 0, T: 0 }, 0)).toBe(0);
  });
  it('a = 1 (a removable singularity of the closed form) still gives a finite forecast', () => {
    const v = expectedPurchases(ones, { x: 2, tx: 5, T: 10 }, 52);
    expect(Number.isFinite(v) && v > 0).toBe(true);
  });
});

describe('Gamma-Gamma by hand', () => {
  it('p = q = γ = 1, x = 1, m = 1: ν ~ Exp(1), z ~ Exp(ν) gives f(1) = 1/(1+1)² = ¼', () => {
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 1 }, { x: 1, m: 1 })).toBeCloseTo(Math.log(1 / 4), 12);
  });
  it('p = 2, q = 3, γ = 2, x = 2, m = 1.5: Γ(7)/(Γ(4)Γ(3)) · 2³ · 1.5³ · 2⁴ / 5⁷ = 25920/78125', () => {
    expect(gammaGammaLogLikelihood({ p: 2, q: 3, gamma: 2 }, { x: 2, m: 1.5 })).toBeCloseTo(Math.log(25920 / 78125), 12);
  });
  it('expected value weighs the population mean pγ/(q−1) against the customer mean', () => {
    // p = 2, q = 3, γ = 2: population mean 2; x = 2, m = 5: 2·(2 + 10)/(4 + 2) = 4.
    expect(expectedPurchaseValue({ p: 2, q: 3, gamma: 2 }, { x: 2, m: 5 })).toBeCloseTo(4, 12);
  });
});

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const r = minimize(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});

describe('parameter recovery from simulated buyers (fixed seed)', () => {
  // The CDNOW estimates of the papers, in weeks.
  const bgTrue = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const ggTrue = { p: 6.25, q: 3.74, gamma: 15.44 };
  const buyers = simulateBuyers(6000, bgTrue, ggTrue, { seed: 7 });

  it('BG/NBD recovers r, α, a, b within 20 %', () => {
    const { parameters } = fitBgNbd(buyers.map((b) => b.history));
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(parameters[k] / bgTrue[k] - 1), k).toBeLessThan(0.2);
    }
  });

  it('Gamma-Gamma recovers the mean purchase value pγ/(q − 1) within 5 % and p, q, γ within 20 %', () => {
    const { parameters } = fitGammaGamma(buyers.map((b) => ({ x: b.purchasesInWindow, m: b.meanValue })));
    const mean = (s: { p: number; q: number; gamma: number }) => (s.p * s.gamma) / (s.q - 1);
    expect(Math.abs(mean(parameters) / mean(ggTrue) - 1)).toBeLessThan(0.05);
    for (const k of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(parameters[k] / ggTrue[k] - 1), k).toBeLessThan(0.2);
    }
  });

  it('fitting the minor-unit amounts gives γ × 100 and the same p and q', () => {
    const spend = buyers.map((b) => ({ x: b.purchasesInWindow, m: b.meanValue }));
    const major = fitGammaGamma(spend).parameters;
    const minor = fitGammaGamma(spend.map((s) => ({ ...s, m: s.m * 100 }))).parameters;
    expect(minor.p).toBeCloseTo(major.p, 3);
    expect(minor.gamma / major.gamma).toBeCloseTo(100, 1);
  });
});

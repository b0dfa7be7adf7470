import type { BgNbdParameters, PurchaseHistory } from './bg-nbd.js';
import type { GammaGammaParameters } from './gamma-gamma.js';

/**
 * Buyers drawn from BG/NBD and Gamma-Gamma with a seeded generator: the parameter-recovery tests and the
 * CLV benchmark use it to know the truth behind the data. Not used at run time.
 */

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (shape < 1 boosted by U^(1/shape)). */
export function gammaSample(rnd: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaSample(rnd, shape + 1, rate) * Math.max(rnd(), 1e-300) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rnd);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = rnd();
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export interface SimulatedBuyer {
  /** What the models see up to the end of the observation window. */
  history: PurchaseHistory;
  /** Mean value of the purchases in the window (first purchase included). */
  meanValue: number;
  purchasesInWindow: number;
  /** Purchases and spend in the `future` weeks after the window: the truth a forecast is judged on. */
  futurePurchases: number;
  futureSpend: number;
}

/**
 * Each buyer's first purchase is at 0; they are watched for T weeks (uniform in [minT, maxT]) and then
 * for `future` more weeks. After each repeat purchase they drop out with probability p.
 */
export function simulateBuyers(
  n: number,
  bg: BgNbdParameters,
  gg: GammaGammaParameters,
  { seed = 42, minT = 26, maxT = 104, future = 52 } = {},
): SimulatedBuyer[] {
  const rnd = seededRandom(seed);
  const out: SimulatedBuyer[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gammaSample(rnd, bg.r, bg.alpha);
    const ga = gammaSample(rnd, bg.a, 1);
    const p = ga / (ga + gammaSample(rnd, bg.b, 1));
    const nu = gammaSample(rnd, gg.q, gg.gamma);
    const value = () => gammaSample(rnd, gg.p, nu);
    const T = minT + rnd() * (maxT - minT);
    let t = 0;
    let x = 0;
    let tx = 0;
    let spend = value();
    let futurePurchases = 0;
    let futureSpend = 0;
    for (;;) {
      t += -Math.log(Math.max(rnd(), 1e-300)) / lambda;
      if (t > T + future) break;
      const v = value();
      if (t <= T) {
        x += 1;
        tx = t;
        spend += v;
      } else {
        futurePurchases += 1;
        futureSpend += v;
      }
      if (rnd() < p) break;
    }
    out.push({ history: { x, tx, T }, meanValue: spend / (x + 1), purchasesInWindow: x + 1, futurePurchases, futureSpend });
  }
  return out;
}

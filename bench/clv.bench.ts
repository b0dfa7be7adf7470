import { expectedPurchases, fitBgNbd } from '../src/analytics/clv/bg-nbd.js';
import { expectedPurchaseValue, fitGammaGamma } from '../src/analytics/clv/gamma-gamma.js';
import { simulateBuyers } from '../src/analytics/clv/simulate-buyers.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';

/**
 * Predictive CLV on 20,000 buyers drawn from BG/NBD + Gamma-Gamma (the CDNOW estimates, weeks; seed
 * fixed): fit on each buyer's observed window, forecast spend in the next 52 weeks, and compare with what
 * the simulation then spends. Baseline in the same run: the historical run-rate (spend to date ÷ weeks
 * observed × 52), the "historical average" CLV a spreadsheet gives. Lower error is better.
 */
export const name = 'clv';

const N = 20_000;
const HORIZON = 52;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const buyers = simulateBuyers(N, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { p: 6.25, q: 3.74, gamma: 15.44 }, { seed: 2026, future: HORIZON });
  const t0 = performance.now();
  const bg = fitBgNbd(buyers.map((b) => b.history)).parameters;
  const gg = fitGammaGamma(buyers.map((b) => ({ x: b.purchasesInWindow, m: b.meanValue }))).parameters;
  const fitMs = performance.now() - t0;
  const t1 = performance.now();
  const predicted = buyers.map((b) => expectedPurchases(bg, b.history, HORIZON) * expectedPurchaseValue(gg, { x: b.purchasesInWindow, m: b.meanValue }));
  const predictMs = performance.now() - t1;
  const runRate = buyers.map((b) => ((b.meanValue * b.purchasesInWindow) / b.history.T) * HORIZON);
  const actual = buyers.map((b) => b.futureSpend);
  const mae = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / N;
  const totalError = (f: number[]) => Math.abs(f.reduce((s, v) => s + v, 0) / actual.reduce((s, v) => s + v, 0) - 1) * 100;
  const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
  const row = (metric: string, value: number, unit: string, baseline?: number, note?: string): BenchRow => ({ bench: name, engine: ctx.engine, metric, value, unit, baseline, note });
  return [
    row('CLV 52-week spend forecast, mean absolute error per buyer (baseline: historical run-rate)', round(mae(predicted)), 'currency units', round(mae(runRate)), 'lower is better; 20k simulated buyers'),
    row('CLV 52-week spend forecast, error of the total (baseline: historical run-rate)', round(totalError(predicted), 1), '%', round(totalError(runRate), 1), 'lower is better'),
    row('fit BG/NBD + Gamma-Gamma on 20k buyers (Nelder–Mead)', Math.round(fitMs), 'ms'),
    row('predict 52 weeks for 20k buyers, per buyer', round((predictMs / N) * 1000, 3), 'µs/buyer'),
  ];
}

runIfMain(import.meta.url, run);

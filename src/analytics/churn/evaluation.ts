import type { CalibrationBin } from './churn.tables.js';

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the chance that a random positive scores
 * above a random negative, ties counting half. Sorting once makes it O(n log n).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const midRank = (i + j) / 2 + 1; // ranks start at 1; ties share their mean rank
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] === 1) {
        rankSumPositive += midRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between predicted probability and outcome (0 is perfect, 0.25 is a coin). */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  if (p.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

/**
 * Reliability bins: predictions sorted and cut into `bins` groups of (nearly) equal size; each bin
 * gives its mean prediction and the share that actually churned.
 */
export function calibrationBins(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const idx = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const count = Math.min(bins, idx.length);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < count; b++) {
    const lo = Math.floor((b * idx.length) / count);
    const hi = Math.floor(((b + 1) * idx.length) / count);
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += p[idx[k]];
      sy += y[idx[k]];
    }
    const n = hi - lo;
    if (n > 0) out.push({ predicted: sp / n, observed: sy / n, n });
  }
  return out;
}

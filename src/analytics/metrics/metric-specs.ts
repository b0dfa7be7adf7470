import type { ScoreFact, ScoreMetric, VolumeFact } from '../../surveys/score-facts.js';
import type { TMetricFigure } from './metrics.schemas.js';
import { compareMeans, compareNps, compareShares, emptyTally, meanOf, MIN_N, npsOf, round, wilson, type SignificanceTest, type Tally } from './statistics.js';

/** How one metric turns facts into tallies, tallies into figures, and compares two tallies. */
export interface MetricSpec<F> {
  metric: ScoreMetric | 'response-rate';
  formulaName: string;
  formula: string;
  unit: 'points' | 'percent' | 'scale';
  tallyOf(fact: F): Tally;
  figure(t: Tally): TMetricFigure;
  compare(a: Tally, b: Tally): SignificanceTest;
}

const r2 = (v: number | null | undefined) => (v === null || v === undefined ? null : round(v));
const pct = (k: number, n: number) => (n > 0 ? (100 * k) / n : null);

function scoreTally(f: ScoreFact, hit: boolean, miss: boolean): Tally {
  return { ...emptyTally(), n: f.count, hits: hit ? f.count : 0, misses: miss ? f.count : 0, sum: f.score * f.count, sumSq: f.score * f.score * f.count };
}

function meanFields(t: Tally) {
  const m = meanOf(t);
  return { mean: r2(m.mean), meanLow: r2(m.low), meanHigh: r2(m.high) };
}

export const NPS: MetricSpec<ScoreFact> = {
  metric: 'nps',
  formulaName: 'Net Promoter Score',
  formula: 'NPS = 100 × (promoters 9–10 − detractors 0–6) ÷ n; 95 % margin of error = 1.96 × 100 × √((p + d − (p − d)²) ÷ n)',
  unit: 'points',
  tallyOf: (f) => scoreTally(f, f.score >= 9, f.score <= 6),
  figure(t) {
    const x = npsOf(t.hits, t.misses, t.n);
    return {
      value: r2(x.nps), nps: r2(x.nps), n: t.n, marginOfError: r2(x.marginOfError),
      low: x.nps === null ? null : r2(x.nps - x.marginOfError!), high: x.nps === null ? null : r2(x.nps + x.marginOfError!),
      promoters: t.hits, passives: t.n - t.hits - t.misses, detractors: t.misses, smallSample: t.n < MIN_N,
    };
  },
  compare: compareNps,
};

/** CSAT: % satisfied = share in the top `topBoxes` boxes of each question's scale, with a Wilson interval, and the mean. */
export function csatSpec(topBoxes: number): MetricSpec<ScoreFact> {
  return {
    metric: 'csat',
    formulaName: 'Customer Satisfaction Score',
    formula: `CSAT = 100 × answers in the top ${topBoxes} box${topBoxes > 1 ? 'es' : ''} ÷ n, 95 % Wilson interval; mean ± 1.96 × sd ÷ √n`,
    unit: 'percent',
    tallyOf: (f) => scoreTally(f, f.score > f.scaleMax - topBoxes, false),
    figure(t) {
      const w = wilson(t.hits, t.n);
      return { value: r2(pct(t.hits, t.n)), n: t.n, low: r2(w?.low), high: r2(w?.high), marginOfError: null, satisfied: t.hits, ...meanFields(t), smallSample: t.n < MIN_N };
    },
    compare: compareShares,
  };
}

/** CES: the mean on its scale with a normal interval, and % easy (above the scale's midpoint) with a Wilson interval. */
export const CES: MetricSpec<ScoreFact> = {
  metric: 'ces',
  formulaName: 'Customer Effort Score',
  formula: 'CES = mean score ± 1.96 × sd ÷ √n; % easy = 100 × answers above the midpoint of the scale ÷ n, 95 % Wilson interval',
  unit: 'scale',
  tallyOf: (f) => scoreTally(f, f.score > (f.scaleMin + f.scaleMax) / 2, false),
  figure(t) {
    const m = meanOf(t);
    const w = wilson(t.hits, t.n);
    return {
      value: r2(m.mean), n: t.n, low: r2(m.low), high: r2(m.high), marginOfError: m.low === null || m.mean === null ? null : r2(m.mean - m.low),
      ...meanFields(t), easy: t.hits, easyPercent: r2(pct(t.hits, t.n)), easyLow: r2(w?.low), easyHigh: r2(w?.high), smallSample: t.n < MIN_N,
    };
  },
  compare: compareMeans,
};

/** Completion rate of responses (finished ÷ all started) until invitation counts exist; see docs/formulas.md. */
export const RESPONSES: MetricSpec<VolumeFact> = {
  metric: 'response-rate',
  formulaName: 'Response volume and completion rate',
  formula: 'completion = 100 × finished ÷ (finished + partial), 95 % Wilson interval; response rate = responses ÷ invitations sent (needs invitation counts)',
  unit: 'percent',
  tallyOf: (f) => ({ ...emptyTally(), n: f.finished + f.partial, hits: f.finished, misses: f.partial, invited: f.viaInvitation }),
  figure(t) {
    const w = wilson(t.hits, t.n);
    return { value: r2(pct(t.hits, t.n)), n: t.n, low: r2(w?.low), high: r2(w?.high), marginOfError: null, finished: t.hits, partial: t.misses, viaInvitation: t.invited, smallSample: t.n < MIN_N };
  },
  compare: compareShares,
};

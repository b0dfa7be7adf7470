import type { TQuestion } from './survey-definition.js';

/**
 * Per-question figures from answer counts. Formulas (docs/surveys.md):
 * - NPS = 100 × (promoters 9–10 − detractors 0–6) ÷ answers, −100…100; passives are 7–8.
 * - CSAT % satisfied = share of the two top boxes (max and max−1), mean of the scores.
 * - CES % easy = share above the scale's midpoint (5–7 on 1–7, 4–5 on 1–5), mean of the scores.
 * - rating: mean and distribution.
 * Percentages and means are rounded to 2 decimals; null when nobody answered.
 */
export interface QuestionSummary {
  id: string;
  type: TQuestion['type'];
  text: string;
  answered: number;
  /** Partial responses whose last answer was this question: people who stopped here. */
  dropOffs: number;
  nps?: number | null;
  promoters?: number;
  passives?: number;
  detractors?: number;
  mean?: number | null;
  satisfiedPercent?: number | null;
  easyPercent?: number | null;
  distribution?: { value: number; count: number }[];
  options?: { id: string; label: string; count: number; percent: number | null }[];
  other?: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The completion funnel from responses counted by status and furthest answered question (1-based):
 * - reached[i]: responses that answered question i or a later one (they got at least this far);
 * - dropOffs[i]: unfinished responses whose furthest answer is question i (they stopped after it).
 * A question that logic skipped for someone is "reached" when they answered a later one.
 */
export function questionFunnel(questionCount: number, rows: { status: 'finished' | 'partial'; last: number | null; n: number }[]) {
  const reached = new Array<number>(questionCount).fill(0);
  const dropOffs = new Array<number>(questionCount).fill(0);
  for (const r of rows) {
    if (r.last === null || r.last < 1) continue;
    const last = Math.min(r.last, questionCount);
    for (let i = 0; i < last; i++) reached[i] += r.n;
    if (r.status === 'partial') dropOffs[last - 1] += r.n;
  }
  return { reached, dropOffs };
}
const pct = (part: number, whole: number) => (whole ? round2((100 * part) / whole) : null);

/** NPS of a score → count map; exported for the hand-computed tests. */
export function npsOf(counts: Map<number, number>) {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, n] of counts) {
    if (score >= 9) promoters += n;
    else if (score >= 7) passives += n;
    else detractors += n;
  }
  const total = promoters + passives + detractors;
  return { nps: total ? round2((100 * (promoters - detractors)) / total) : null, promoters, passives, detractors };
}

function meanOf(counts: Map<number, number>): number | null {
  let sum = 0;
  let n = 0;
  for (const [v, c] of counts) {
    sum += v * c;
    n += c;
  }
  return n ? round2(sum / n) : null;
}

export function summariseQuestion(
  q: TQuestion,
  lang: string,
  answered: number,
  dropOffs: number,
  values: Map<string, number>,
): QuestionSummary {
  const base: QuestionSummary = { id: q.id, type: q.type, text: q.text[lang] ?? Object.values(q.text)[0] ?? q.id, answered, dropOffs };
  if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces' || q.type === 'rating') {
    const [min, max] = q.type === 'nps' ? [0, 10] : [q.scale.min, q.scale.max];
    const scores = new Map<number, number>();
    for (const [v, n] of values) {
      const s = Number(v);
      if (Number.isInteger(s) && s >= min && s <= max) scores.set(s, (scores.get(s) ?? 0) + n);
    }
    const total = [...scores.values()].reduce((a, b) => a + b, 0);
    const distribution = Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, count: scores.get(min + i) ?? 0 }));
    const count = (pred: (s: number) => boolean) => distribution.filter((d) => pred(d.value)).reduce((a, d) => a + d.count, 0);
    const out = { ...base, mean: meanOf(scores), distribution };
    if (q.type === 'nps') return { ...out, ...npsOf(scores) };
    if (q.type === 'csat') return { ...out, satisfiedPercent: pct(count((s) => s >= max - 1), total) };
    if (q.type === 'ces') return { ...out, easyPercent: pct(count((s) => s > (min + max) / 2), total) };
    return out;
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    return {
      ...base,
      options: q.options.map((o) => ({ id: o.id, label: o.label[lang] ?? Object.values(o.label)[0] ?? o.id, count: values.get(o.id) ?? 0, percent: pct(values.get(o.id) ?? 0, answered) })),
      other: values.get('__other__') ?? 0,
    };
  }
  return base;
}

import { describe, expect, it } from 'vitest';
import { npsOf, questionFunnel, summariseQuestion } from './summary.js';
import { questionPath, validateAnswers } from './answers.js';
import { BRANCHING_SURVEY } from './test-kit.js';
import { ZSurveyInput } from './surveys.schemas.js';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe('summary formulas, computed by hand', () => {
  it('NPS: 4 promoters, 3 passives, 3 detractors of 10 → 100 × (4 − 3) ÷ 10 = 10', () => {
    expect(npsOf(new Map([[10, 2], [9, 2], [8, 2], [7, 1], [6, 1], [0, 2]]))).toEqual({ nps: 10, promoters: 4, passives: 3, detractors: 3 });
    expect(npsOf(new Map()).nps).toBeNull();
    // 1 promoter of 3 with 2 detractors: 100 × (1 − 2) ÷ 3 = −33.33
    expect(npsOf(new Map([[9, 1], [3, 2]])).nps).toBe(-33.33);
  });

  it('CSAT: top two boxes of 1–5 are 4 and 5; mean', () => {
    const q = { id: 'c', type: 'csat' as const, text: { en: 'x' }, required: false, scale: { min: 1, max: 5 }, style: 'numbers' as const };
    // 5,5,4,3,1 → satisfied 3/5 = 60 %, mean 18/5 = 3.6
    const s = summariseQuestion(q, 'en', 5, 0, counts({ 5: 2, 4: 1, 3: 1, 1: 1 }));
    expect(s).toMatchObject({ satisfiedPercent: 60, mean: 3.6 });
    expect(s.distribution).toEqual([{ value: 1, count: 1 }, { value: 2, count: 0 }, { value: 3, count: 1 }, { value: 4, count: 1 }, { value: 5, count: 2 }]);
  });

  it('CES: above the midpoint 4 of 1–7 is easy', () => {
    const q = { id: 'e', type: 'ces' as const, text: { en: 'x' }, required: false, scale: { min: 1, max: 7 } };
    // 7,5,4,2 → easy 2/4 = 50 %, mean 18/4 = 4.5
    expect(summariseQuestion(q, 'en', 4, 0, counts({ 7: 1, 5: 1, 4: 1, 2: 1 }))).toMatchObject({ easyPercent: 50, mean: 4.5 });
  });

  it('choices: counts and shares of answered, other apart', () => {
    const q = ZSurveyInput.parse(BRANCHING_SURVEY).questions.find((x) => x.id === 'reason')!;
    const s = summariseQuestion(q, 'da', 4, 1, counts({ price: 3, __other__: 1 }));
    expect(s.options).toEqual([{ id: 'price', label: 'Pris', count: 3, percent: 75 }, { id: 'quality', label: 'Kvalitet', count: 0, percent: 0 }]);
    expect(s).toMatchObject({ other: 1, dropOffs: 1 });
  });
});

describe('completion funnel, computed by hand', () => {
  it('reached = answered this question or a later one; drop-offs = unfinished responses stopping after it', () => {
    const f = questionFunnel(3, [
      { status: 'finished', last: 3, n: 3 },
      { status: 'partial', last: 1, n: 2 },
      { status: 'partial', last: 2, n: 1 },
      // Ended by logic after q1: reached q1 only, but not a drop-off.
      { status: 'finished', last: 1, n: 1 },
      // No answer to a current question (e.g. only to a removed one): nowhere in the funnel.
      { status: 'partial', last: null, n: 4 },
    ]);
    // q1: 3 + 2 + 1 + 1 = 7; q2: 3 + 1 = 4; q3: 3.
    expect(f).toEqual({ reached: [7, 4, 3], dropOffs: [2, 1, 0] });
  });
});

describe('branching', () => {
  const def = ZSurveyInput.parse(BRANCHING_SURVEY);
  it('shows the follow-up only to detractors and ends early for promoters', () => {
    expect(questionPath(def.questions, { nps: 3 }).map((q) => q.id)).toEqual(['nps', 'improve', 'csat', 'ces', 'stars', 'reason', 'features', 'contact']);
    expect(questionPath(def.questions, { nps: 10 }).map((q) => q.id)).toEqual(['nps']);
    expect(questionPath(def.questions, { nps: 7 }).map((q) => q.id)).not.toContain('improve');
  });
  it('drops earlier answers a changed answer routes around', () => {
    const r = validateAnswers(def.questions, { nps: 3, improve: 'slow' }, { nps: 8 }, false);
    expect(r.errors).toEqual([]);
    expect(r.answers).toEqual({ nps: 8 });
  });
});

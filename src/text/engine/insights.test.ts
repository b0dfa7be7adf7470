import { describe, expect, it } from 'vitest';
import { npsOf, rankThemes, risingIssues, type InsightText } from './insights.js';

const text = (themes: string[], nps: number | null, sentiment: InsightText['sentiment'] = 'neutral'): InsightText => ({
  themes,
  sentiment,
  score: sentiment === 'positive' ? 0.5 : sentiment === 'negative' ? -0.5 : 0,
  isFeatureRequest: false,
  nps,
  occurredAt: new Date('2026-01-01'),
});

describe('NPS impact of a theme (hand-computed)', () => {
  it('is the NPS gained without that theme’s detractor mentions', () => {
    // 10 rated texts: 4 promoters, 2 passives, 4 detractors → NPS (4 − 4)/10 = 0.
    // 3 detractors mention delivery; without them: 4 promoters, 2 passives, 1 detractor of 7 → (4 − 1)/7 = 42.86.
    const texts = [
      ...[10, 9, 9, 10].map((s) => text(['support'], s, 'positive')),
      ...[7, 8].map((s) => text([], s)),
      ...[2, 3, 5].map((s) => text(['delivery'], s, 'negative')),
      text(['price'], 6, 'negative'),
    ];
    expect(npsOf(texts.map((t) => t.nps as number))).toBe(0);
    const ranked = rankThemes(texts);
    expect(ranked.map((r) => r.theme)).toEqual(['support', 'delivery', 'price']);
    const delivery = ranked.find((r) => r.theme === 'delivery')!;
    expect(delivery).toMatchObject({ mentions: 3, share: 0.3, negative: 3, npsImpact: 42.9 });
    // price: one detractor gone → (4 − 3)/9 = 11.1
    expect(ranked.find((r) => r.theme === 'price')!.npsImpact).toBe(11.1);
    // support has no detractors: no impact
    expect(ranked.find((r) => r.theme === 'support')!.npsImpact).toBe(0);
  });
});

describe('rising issues', () => {
  /** Weekly periods of 100 texts; `delivery` appears in `pct[i]` of week i. */
  const series = (pct: number[]) => pct.map((p) => Array.from({ length: 100 }, (_, i) => (i < p ? ['delivery'] : ['price'].slice(0, i % 3 === 0 ? 1 : 0))));

  it('flags a known jump beyond normal variation, with the reason', () => {
    const rising = risingIssues(series([10, 12, 9, 11, 10, 13, 30]));
    expect(rising.map((r) => r.theme)).toEqual(['delivery']);
    expect(rising[0].latestShare).toBe(0.3);
    expect(rising[0].usualShare).toBe(0.108);
    expect(rising[0].reason).toContain('30 of 100 texts');
  });

  it('stays quiet within normal variation, with too few periods, or too few mentions', () => {
    expect(risingIssues(series([10, 12, 9, 11, 10, 13, 14]))).toEqual([]);
    expect(risingIssues(series([10, 30]))).toEqual([]);
    expect(risingIssues([[], [], [], [['delivery']]], 5)).toEqual([]);
  });
});

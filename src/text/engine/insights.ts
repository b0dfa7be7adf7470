/*
 * Insight arithmetic over analysed texts, pure so it can be tested by hand (docs/text-analytics.md).
 */

export interface InsightText {
  themes: string[];
  sentiment: 'positive' | 'neutral' | 'negative';
  score: number;
  isFeatureRequest: boolean;
  /** NPS 0–10 when the text came with one */
  nps: number | null;
  occurredAt: Date;
}

export interface ThemeInsight {
  theme: string;
  mentions: number;
  share: number;
  positive: number;
  neutral: number;
  negative: number;
  averageScore: number;
  /** NPS points gained if this theme's detractor mentions were gone (null without NPS-rated texts) */
  npsImpact: number | null;
  featureRequests: number;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** NPS of a list of 0–10 scores: % promoters (9–10) − % detractors (0–6); null when empty. */
export function npsOf(scores: number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return ((promoters - detractors) / scores.length) * 100;
}

/**
 * Themes ranked by volume, with sentiment and impact on NPS: how much the NPS of the rated texts would
 * change if the detractors who mention the theme were not there (the theme's share of the detractor problem).
 */
export function rankThemes(texts: InsightText[]): ThemeInsight[] {
  const rated = texts.filter((t) => t.nps !== null);
  const nps = npsOf(rated.map((t) => t.nps as number));
  const byTheme = new Map<string, InsightText[]>();
  for (const t of texts) for (const th of t.themes) byTheme.set(th, [...(byTheme.get(th) ?? []), t]);
  const out: ThemeInsight[] = [];
  for (const [theme, list] of byTheme) {
    const without = rated.filter((t) => !(t.themes.includes(theme) && (t.nps as number) <= 6));
    const after = npsOf(without.map((t) => t.nps as number));
    out.push({
      theme,
      mentions: list.length,
      share: round(list.length / texts.length, 3),
      positive: list.filter((t) => t.sentiment === 'positive').length,
      neutral: list.filter((t) => t.sentiment === 'neutral').length,
      negative: list.filter((t) => t.sentiment === 'negative').length,
      averageScore: round(list.reduce((a, t) => a + t.score, 0) / list.length, 3),
      npsImpact: nps === null || after === null ? null : round(after - nps),
      featureRequests: list.filter((t) => t.isFeatureRequest).length,
    });
  }
  return out.sort((a, b) => b.mentions - a.mentions || a.theme.localeCompare(b.theme));
}

export interface RisingIssue {
  theme: string;
  /** share of texts mentioning the theme in the latest period, and its usual share before */
  latestShare: number;
  usualShare: number;
  threshold: number;
  reason: string;
}

/**
 * A theme is rising when its share of the latest period's texts lies beyond its normal variation: above
 * the mean of the earlier periods plus two standard deviations (and, so one noisy week cannot trip it
 * with tiny counts, with at least `minMentions` mentions). Periods are given oldest first, each as the
 * texts' theme lists.
 */
export function risingIssues(periods: string[][][], minMentions = 5): RisingIssue[] {
  if (periods.length < 4) return [];
  const latest = periods[periods.length - 1];
  const history = periods.slice(0, -1);
  const themes = new Set(latest.flat());
  const out: RisingIssue[] = [];
  for (const theme of themes) {
    const shareIn = (p: string[][]) => (p.length ? p.filter((th) => th.includes(theme)).length / p.length : 0);
    const shares = history.map(shareIn);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    const sd = Math.sqrt(shares.reduce((a, s) => a + (s - mean) ** 2, 0) / Math.max(1, shares.length - 1));
    // A floor on the spread: a theme that was flat at 0 % must still jump by a real amount.
    const threshold = mean + 2 * Math.max(sd, 0.02);
    const mentions = latest.filter((th) => th.includes(theme)).length;
    const share = shareIn(latest);
    if (share > threshold && mentions >= minMentions) {
      out.push({
        theme,
        latestShare: round(share, 3),
        usualShare: round(mean, 3),
        threshold: round(threshold, 3),
        reason: `${mentions} of ${latest.length} texts (${round(share * 100)} %) mention it in the latest period, against ${round(mean * 100)} % ± ${round(sd * 100)} % in the ${history.length} before; the limit is mean + 2 standard deviations (${round(threshold * 100)} %).`,
      });
    }
  }
  return out.sort((a, b) => b.latestShare - b.usualShare - (a.latestShare - a.usualShare));
}

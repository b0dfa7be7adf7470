import type { Db } from '../platform/db/client.js';
import { rankThemes, risingIssues, npsOf, type InsightText } from './engine/insights.js';
import { resolveInsightFilter } from './insight-filter.js';
import { findAnalysesInPeriod, type AnalysisRow } from './text.queries.js';
import type { TInsights, TInsightsQuery } from './insights.schemas.js';

const DAY = 24 * 60 * 60 * 1000;
/** Insight views read at most this many texts of a period (the newest). */
export const INSIGHT_TEXT_LIMIT = 50_000;

const toInsight = (r: AnalysisRow): InsightText => ({
  themes: r.correctedThemes ?? r.themes,
  sentiment: r.correctedSentiment ?? r.sentiment,
  score: r.score,
  isFeatureRequest: r.isFeatureRequest,
  nps: r.ratingScale === 'nps' ? r.rating : null,
  occurredAt: r.occurredAt,
});

/**
 * Themes ranked by volume with sentiment and NPS impact, rising issues (the latest week against the weeks
 * before it) and feature requests by theme, with example comments (plain text), for one period.
 */
export async function getInsights(db: Db, workspaceId: string, q: TInsightsQuery): Promise<TInsights> {
  const filter = await resolveInsightFilter(db, workspaceId, q);
  const { from, to } = filter;
  const rows = await findAnalysesInPeriod(db, workspaceId, { ...filter, limit: INSIGHT_TEXT_LIMIT });
  const isTruncated = rows.length >= INSIGHT_TEXT_LIMIT;
  const texts = rows.map(toInsight);
  const weeks = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / (7 * DAY)));
  const periods: string[][][] = Array.from({ length: weeks }, () => []);
  for (const t of texts) {
    const w = weeks - 1 - Math.floor((to.getTime() - t.occurredAt.getTime()) / (7 * DAY));
    if (w >= 0 && w < weeks) periods[w].push(t.themes);
  }
  const examples = (theme: string, pick: (r: AnalysisRow) => boolean) =>
    rows.filter((r) => (r.correctedThemes ?? r.themes).includes(theme) && pick(r)).slice(0, 3).map((r) => ({ source: r.source, sourceId: r.sourceId, text: r.text }));
  const themes = rankThemes(texts).map((t) => ({ ...t, examples: examples(t.theme, (r) => (r.correctedSentiment ?? r.sentiment) === 'negative').concat(examples(t.theme, (r) => (r.correctedSentiment ?? r.sentiment) !== 'negative')).slice(0, 3) }));
  const requests = new Map<string, number>();
  for (const t of texts) if (t.isFeatureRequest) for (const th of t.themes.length ? t.themes : ['other']) requests.set(th, (requests.get(th) ?? 0) + 1);
  const trend = periods.map((p, i) => {
    const counts: Record<string, number> = {};
    for (const th of p.flat()) counts[th] = (counts[th] ?? 0) + 1;
    return { weekStart: new Date(to.getTime() - (weeks - i) * 7 * DAY), texts: p.length, themes: counts };
  });
  const pairs = new Map<string, number>();
  const phrases = new Map<string, { count: number; negative: number; positive: number }>();
  for (const r of rows) {
    const th = [...new Set(r.correctedThemes ?? r.themes)].sort();
    for (let i = 0; i < th.length; i++) for (let j = i + 1; j < th.length; j++) pairs.set(`${th[i]}\u0000${th[j]}`, (pairs.get(`${th[i]}\u0000${th[j]}`) ?? 0) + 1);
    const sentiment = r.correctedSentiment ?? r.sentiment;
    for (const ph of new Set(r.keyPhrases)) {
      const e = phrases.get(ph) ?? { count: 0, negative: 0, positive: 0 };
      e.count++;
      if (sentiment === 'negative') e.negative++;
      if (sentiment === 'positive') e.positive++;
      phrases.set(ph, e);
    }
  }
  return {
    trend,
    cooccurrence: [...pairs.entries()].map(([k, count]) => ({ a: k.split('\u0000')[0], b: k.split('\u0000')[1], count })).sort((x, y) => y.count - x.count),
    phrases: [...phrases.entries()].map(([phrase, e]) => ({ phrase, ...e })).sort((x, y) => y.count - x.count || x.phrase.localeCompare(y.phrase)).slice(0, 100),
    from,
    to,
    texts: texts.length,
    isTruncated,
    nps: npsOf(texts.filter((t) => t.nps !== null).map((t) => t.nps as number)),
    themes,
    rising: risingIssues(periods),
    featureRequests: [...requests.entries()]
      .map(([theme, count]) => ({ theme, count, examples: rows.filter((r) => r.isFeatureRequest && (theme === 'other' ? r.themes.length === 0 : r.themes.includes(theme))).slice(0, 3).map((r) => ({ source: r.source, sourceId: r.sourceId, text: r.text })) }))
      .sort((a, b) => b.count - a.count),
  };
}

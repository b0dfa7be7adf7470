import type { Db } from '../platform/db/client.js';
import { decodeCursor, encodeCursor, cursorValue, pageOf } from '../platform/http/cursor.js';
import { z } from 'zod';
import { tokenize } from './engine/tokenize.js';
import { isStopword } from './engine/stopwords.js';
import { findAnalysesInPeriod, findFacetValues, type AnalysisRow } from './text.queries.js';
import { findComments } from './explore.queries.js';
import { INSIGHT_TEXT_LIMIT } from './insights.service.js';
import { resolveInsightFilter } from './insight-filter.js';
import type { TComment, TCommentsQuery, TExplore, TExploreQuery, TFacets } from './explore.schemas.js';

const DAY = 24 * 60 * 60 * 1000;
const CURSOR_KIND = 'text-comments:occurredAt';
const ZAfter = z.tuple([cursorValue.timestamp, cursorValue.text, cursorValue.text]);
const TERM_LIMIT = 80;


/** The texts behind a theme, sentiment or feature-request view, newest first, one page at a time. */
export async function getComments(db: Db, workspaceId: string, q: TCommentsQuery): Promise<{ data: TComment[]; nextCursor: string | null }> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, CURSOR_KIND, ZAfter);
  const rows = await findComments(db, workspaceId, {
    ...(await resolveInsightFilter(db, workspaceId, q)),
    theme: q.theme,
    sentiment: q.sentiment,
    isFeatureRequest: q.featureRequests === undefined ? undefined : q.featureRequests === 'true',
    after,
    limit: q.limit + 1,
  });
  const page = pageOf(rows, q.limit, (last) => encodeCursor(CURSOR_KIND, [last.cursorAt, last.source, last.sourceId]));
  return { data: page.data.map(({ cursorAt: _cursorAt, ...c }) => c), nextCursor: page.nextCursor };
}

/** Words and two-word phrases of one text, each once: what a word cloud counts (texts, not repetitions). */
function termsOf(text: string, language: string): Set<string> {
  const words = tokenize(text, language).filter((t) => !t.isEmoji);
  const isCjk = language === 'zh' || language === 'ja';
  const keep = (w: string) => !isStopword(w, language) && !/^\d+$/.test(w) && (isCjk ? w.length >= 2 : w.length >= 3);
  const out = new Set<string>();
  for (const [i, w] of words.entries()) {
    if (!keep(w.text)) continue;
    out.add(w.text);
    const next = words[i + 1];
    if (next && next.clause === w.clause && keep(next.text)) out.add(isCjk ? `${w.text}${next.text}` : `${w.text} ${next.text}`);
  }
  return out;
}

/**
 * Theme mentions per week (weeks counted back from `to`, as the rising-issue check does), how often two
 * themes are mentioned in one text, and the most used words and phrases with their texts' mean score.
 */
export async function getExplore(db: Db, workspaceId: string, q: TExploreQuery): Promise<TExplore> {
  const filter = await resolveInsightFilter(db, workspaceId, q);
  const { from, to } = filter;
  const rows: AnalysisRow[] = await findAnalysesInPeriod(db, workspaceId, { ...filter, limit: INSIGHT_TEXT_LIMIT });
  const weekCount = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / (7 * DAY)));
  const weeks = Array.from({ length: weekCount }, (_, i) => ({
    start: new Date(Math.max(from.getTime(), to.getTime() - (weekCount - i) * 7 * DAY)),
    texts: 0,
    themes: {} as Record<string, number>,
  }));
  const pairs = new Map<string, number>();
  const terms = new Map<string, { count: number; scoreSum: number }>();
  for (const r of rows) {
    const themes = [...new Set(r.correctedThemes ?? r.themes)].sort();
    const w = weekCount - 1 - Math.floor((to.getTime() - r.occurredAt.getTime()) / (7 * DAY));
    if (w >= 0 && w < weekCount) {
      weeks[w].texts++;
      for (const th of themes) weeks[w].themes[th] = (weeks[w].themes[th] ?? 0) + 1;
    }
    for (let i = 0; i < themes.length; i++) for (let j = i + 1; j < themes.length; j++) {
      const key = JSON.stringify([themes[i], themes[j]]);
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    for (const term of termsOf(r.text, r.language)) {
      const t = terms.get(term) ?? { count: 0, scoreSum: 0 };
      t.count++;
      t.scoreSum += r.score;
      terms.set(term, t);
    }
  }
  return {
    from,
    to,
    texts: rows.length,
    weeks,
    cooccurrence: [...pairs.entries()].map(([key, count]) => {
      const [a, b] = z.tuple([z.string(), z.string()]).parse(JSON.parse(key));
      return { a, b, count };
    }).sort((x, y) => y.count - x.count),
    terms: [...terms.entries()]
      .filter(([, t]) => t.count >= 2 || rows.length < 20)
      .sort((x, y) => y[1].count - x[1].count || x[0].localeCompare(y[0]))
      .slice(0, TERM_LIMIT)
      .map(([term, t]) => ({ term, count: t.count, averageScore: Math.round((t.scoreSum / t.count) * 1000) / 1000 })),
  };
}

const FACET_LIMIT = 200;

/** The touchpoints, channels, teams and languages a workspace's texts carry: the choices of the filter bar. */
export async function getFacets(db: Db, workspaceId: string): Promise<TFacets> {
  const [touchpoints, channels, teams, languages] = await Promise.all(
    (['touchpoint', 'channel', 'team', 'language'] as const).map((c) => findFacetValues(db, workspaceId, c, FACET_LIMIT)),
  );
  return { touchpoints, channels, teams, languages };
}

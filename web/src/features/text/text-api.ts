import { useSearchParams } from 'react-router';
import { client, ok, type ApiData } from '../../lib/api';

// Shapes of the text-analytics endpoints, generated from src/text/*.schemas.ts.
export type Insights = ApiData<'get', '/text/insights'>;
export type ThemeInsight = Insights['themes'][number];
export type RisingIssue = Insights['rising'][number];
export type Explore = ApiData<'get', '/text/explore'>;
export type CommentPage = ApiData<'get', '/text/comments'>;
export type Comment = CommentPage['data'][number];
export type TrainedModel = ApiData<'get', '/text/models'>['models'][number];
export type Analysis = ApiData<'post', '/text/analyze'>['results'][number];
export type Sentiment = Analysis['sentiment'];

export const SENTIMENTS: readonly Sentiment[] = ['positive', 'neutral', 'negative'];
/** The engine's built-in themes (src/text/engine/themes.ts); a workspace's own categories come on top. */
export const BUILT_IN_THEMES = ['delivery', 'price', 'product_quality', 'support', 'usability', 'onboarding'];
/** Languages the engine analyses (src/text/engine/languages.ts). */
export const TEXT_LANGUAGES = ['en', 'da', 'nb', 'sv', 'de', 'fr', 'es', 'pt', 'nl', 'tr', 'zh', 'ja'];
export const PERIODS = [4, 8, 13, 26, 52] as const;

/** Sentiment colours of the charts: theme custom properties, so dark mode follows. */
export const SENTIMENT_COLOR: Record<Sentiment, string> = {
  positive: '--state-completed',
  neutral: '--state-created',
  negative: '--state-failed',
};
export const SENTIMENT_TONE: Record<Sentiment, 'good' | 'neutral' | 'bad'> = { positive: 'good', neutral: 'neutral', negative: 'bad' };

export interface InsightFilter {
  weeks: number;
  language: string;
}

/** The filters live in the URL, so a view can be bookmarked and shared with the team as it is. */
export function useInsightFilter(): [InsightFilter, (patch: Partial<InsightFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const weeksParam = Number(params.get('weeks'));
  const filter: InsightFilter = {
    weeks: PERIODS.find((p) => p === weeksParam) ?? 8,
    language: TEXT_LANGUAGES.find((l) => l === params.get('language')) ?? '',
  };
  const update = (patch: Partial<InsightFilter>) => {
    const next = { ...filter, ...patch };
    const out = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === '' || (k === 'weeks' && v === 8)) out.delete(k);
      else out.set(k, String(v));
    }
    setParams(out, { replace: true });
  };
  return [filter, update];
}

/** The filter as query parameters; the period ends now, so it is computed when the request is made. */
export function periodQuery(f: InsightFilter) {
  // Both ends are sent, so the period is exactly N weeks and the server's weekly buckets line up with it.
  const to = Date.now();
  return { from: new Date(to - f.weeks * 7 * 24 * 3600 * 1000).toISOString(), to: new Date(to).toISOString(), language: f.language || undefined };
}

/** The search string a link keeps so the next view shows the same filter. */
export function filterSearch(f: InsightFilter): string {
  const p = new URLSearchParams();
  if (f.weeks !== 8) p.set('weeks', String(f.weeks));
  if (f.language) p.set('language', f.language);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const textKeys = {
  all: ['text'] as const,
  insights: (f: InsightFilter) => ['text', 'insights', f.weeks, f.language] as const,
  explore: (f: InsightFilter) => ['text', 'explore', f.weeks, f.language] as const,
  comments: (f: InsightFilter, view: Record<string, string>) => ['text', 'comments', f.weeks, f.language, view] as const,
  models: ['text', 'models'] as const,
};

export const fetchInsights = (f: InsightFilter, signal?: AbortSignal) => ok(client.GET('/text/insights', { params: { query: periodQuery(f) }, signal }));
export const fetchExplore = (f: InsightFilter, signal?: AbortSignal) => ok(client.GET('/text/explore', { params: { query: periodQuery(f) }, signal }));

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
  touchpoint: string;
  channel: string;
  team: string;
  segmentId: string;
  personaId: string;
}

/** The filter fields besides the period, in the order the filter bar shows them and the URL carries them. */
export const FILTER_FIELDS = ['language', 'touchpoint', 'channel', 'team', 'segmentId', 'personaId'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
const DEFAULT_WEEKS = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the filter from URL parameters, dropping values the API would refuse (a hand-edited link stays usable). */
export function filterFromParams(params: URLSearchParams): InsightFilter {
  const weeksParam = Number(params.get('weeks'));
  const text = (k: string) => (params.get(k) ?? '').trim().slice(0, 200);
  const id = (k: string) => (UUID.test(params.get(k) ?? '') ? (params.get(k) as string) : '');
  return {
    weeks: PERIODS.find((p) => p === weeksParam) ?? DEFAULT_WEEKS,
    language: TEXT_LANGUAGES.find((l) => l === params.get('language')) ?? '',
    touchpoint: text('touchpoint'),
    channel: text('channel'),
    team: text('team'),
    segmentId: id('segmentId'),
    personaId: id('personaId'),
  };
}

/** The filter as URL parameters: only what differs from the defaults, so plain links stay plain. */
function filterParams(f: InsightFilter, into = new URLSearchParams()): URLSearchParams {
  if (f.weeks !== DEFAULT_WEEKS) into.set('weeks', String(f.weeks));
  else into.delete('weeks');
  for (const k of FILTER_FIELDS) {
    if (f[k]) into.set(k, f[k]);
    else into.delete(k);
  }
  return into;
}

/** The filters live in the URL, so a view can be bookmarked and shared with the team as it is. */
export function useInsightFilter(): [InsightFilter, (patch: Partial<InsightFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  // From the address bar, not this render's params: two quick changes (clear one filter, pick another)
  // before a re-render must both stick (react-router hands a functional update the rendered params).
  const update = (patch: Partial<InsightFilter>) => {
    const latest = new URLSearchParams(window.location.search);
    setParams(filterParams({ ...filterFromParams(latest), ...patch }, latest), { replace: true });
  };
  return [filter, update];
}

/** The filter as query parameters; the period ends now, so it is computed when the request is made. */
export function periodQuery(f: InsightFilter) {
  // Both ends are sent, so the period is exactly N weeks and the server's weekly buckets line up with it.
  const to = Date.now();
  const opt = (v: string) => v || undefined;
  return {
    from: new Date(to - f.weeks * 7 * 24 * 3600 * 1000).toISOString(),
    to: new Date(to).toISOString(),
    language: opt(f.language),
    touchpoint: opt(f.touchpoint),
    channel: opt(f.channel),
    team: opt(f.team),
    segmentId: opt(f.segmentId),
    personaId: opt(f.personaId),
  };
}

/** The search string a link keeps so the next view shows the same filter. */
export function filterSearch(f: InsightFilter): string {
  const s = filterParams(f).toString();
  return s ? `?${s}` : '';
}

/** Whether anything narrows the view beyond the period (the empty state then says so). */
export const isNarrowed = (f: InsightFilter): boolean => FILTER_FIELDS.some((k) => f[k] !== '');

/** The address of a server-side CSV export with the current filter (and any extra view parameters). */
export function exportUrl(path: string, f: InsightFilter, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...periodQuery(f), ...extra })) if (v) q.set(k, v);
  return `/api/v1${path}?${q.toString()}`;
}

const filterKey = (f: InsightFilter) => [f.weeks, ...FILTER_FIELDS.map((k) => f[k])] as const;

export const textKeys = {
  all: ['text'] as const,
  insights: (f: InsightFilter) => ['text', 'insights', ...filterKey(f)] as const,
  explore: (f: InsightFilter) => ['text', 'explore', ...filterKey(f)] as const,
  comments: (f: InsightFilter, view: Record<string, string>) => ['text', 'comments', ...filterKey(f), view] as const,
  requests: (f: InsightFilter) => ['text', 'requests', ...filterKey(f)] as const,
  requestCustomers: (topic: string) => ['text', 'request-customers', topic] as const,
  facets: ['text', 'facets'] as const,
  models: ['text', 'models'] as const,
};

export const fetchInsights = (f: InsightFilter, signal?: AbortSignal) => ok(client.GET('/text/insights', { params: { query: periodQuery(f) }, signal }));
export const fetchExplore = (f: InsightFilter, signal?: AbortSignal) => ok(client.GET('/text/explore', { params: { query: periodQuery(f) }, signal }));
export const fetchRequests = (f: InsightFilter, signal?: AbortSignal) => ok(client.GET('/text/requests', { params: { query: periodQuery(f) }, signal }));
export const fetchFacets = (signal?: AbortSignal) => ok(client.GET('/text/facets', { signal }));
export type RequestTopic = ApiData<'get', '/text/requests'>['data'][number];
export type RequestStatus = RequestTopic['status'];
export const REQUEST_STATUSES: readonly RequestStatus[] = ['new', 'planned', 'done'];

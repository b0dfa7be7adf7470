import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { LoadMore, QueryStatus } from '../../components/feedback';
import { useDocumentTitle } from '../../components/page-header';
import { BUILT_IN_THEMES, exportUrl, fetchInsights, filterSearch, periodQuery, SENTIMENTS, textKeys, useInsightFilter, type Sentiment } from './text-api';
import { InsightFilters } from './insight-filters';
import { CommentItem } from './comment-item';
import { ExportLink } from './csv-button';
import { ImpactValue } from './impact-value';
import { useThemeName } from './theme-name';

const PAGE = 25;

/** One theme's comments, newest first, narrowed by sentiment; each can be corrected where it stands. */
export default function ThemeComments() {
  const { theme = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const [filter] = useInsightFilter();
  const [params, setParams] = useSearchParams();
  const sentiment = SENTIMENTS.find((s) => s === params.get('sentiment'));
  const name = themeName(theme);
  useDocumentTitle(name);
  const insights = useQuery({ queryKey: textKeys.insights(filter), queryFn: ({ signal }) => fetchInsights(filter, signal) });
  const stats = insights.data?.themes.find((th) => th.theme === theme);
  const comments = useInfiniteQuery({
    queryKey: textKeys.comments(filter, { theme, sentiment: sentiment ?? '' }),
    queryFn: ({ pageParam, signal }) =>
      ok(client.GET('/text/comments', { params: { query: { ...periodQuery(filter), theme, sentiment, limit: PAGE, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = comments.data?.pages.flatMap((p) => p.data) ?? [];
  const knownThemes = [...new Set([...BUILT_IN_THEMES, ...(insights.data?.themes.map((th) => th.theme) ?? [])])];
  const setSentiment = (s: Sentiment | undefined) => {
    const next = new URLSearchParams(params);
    if (s) next.set('sentiment', s);
    else next.delete('sentiment');
    setParams(next, { replace: true });
  };

  return (
    <>
      <Link className="fb-back" to={`/feedback${filterSearch(filter)}`}>← {t('feedback.themes.back')}</Link>
      <h2 className="fb-theme-title">{name}</h2>
      {stats && (
        <p className="fb-theme-stats">
          {t('feedback.themes.stats', { mentions: fmt.number(stats.mentions), negative: fmt.number(stats.negative), positive: fmt.number(stats.positive) })}
          {' · '}{t('feedback.themes.impact')}: <ImpactValue value={stats.npsImpact} />
        </p>
      )}
      <InsightFilters />
      <div className="fb-chips" role="group" aria-label={t('feedback.comments.sentimentFilter')}>
        {([undefined, ...SENTIMENTS] as const).map((s) => (
          <button key={s ?? 'all'} type="button" className={`fb-filter-chip${sentiment === s ? ' fb-filter-chip-active' : ''}`} aria-pressed={sentiment === s} onClick={() => setSentiment(s)}>
            {s ? t(`feedback.sentiment.${s}`) : t('feedback.comments.all')}
          </button>
        ))}
      </div>
      <div className="fb-card-head">
        <span />
        <ExportLink href={() => exportUrl('/text/comments.csv', filter, { theme, sentiment })} what={t('feedback.export.comments', { theme: name })} />
      </div>
      <QueryStatus query={comments} />
      {comments.data && rows.length === 0 && (
        <EmptyState level={3} icon="sparkles" title={t('feedback.comments.none')}>
          <p>{t('feedback.comments.noneText')}</p>
        </EmptyState>
      )}
      {rows.length > 0 && (
        <ul className="fb-comments" aria-label={t('feedback.comments.label', { theme: name })}>
          {rows.map((c) => <CommentItem key={`${c.source}/${c.sourceId}`} comment={c} knownThemes={knownThemes} />)}
        </ul>
      )}
      <LoadMore query={comments} />
    </>
  );
}

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { exportUrl, fetchInsights, filterSearch, isNarrowed, textKeys, useInsightFilter, type Sentiment } from './text-api';
import { InsightFilters } from './insight-filters';
import { RisingIssues } from './rising-issues';
import { ThemeChart } from './theme-chart';
import { TrendSection } from './trend-section';
import { ExportLink } from './csv-button';
import { useThemeName } from './theme-name';
import { ImpactValue } from './impact-value';
import { BackfillButton } from './backfill-button';

/**
 * The analyst's first view: themes ranked by volume with their sentiment and what they cost in NPS,
 * rising issues with why they were flagged, and each theme's trend. Every theme opens its comments.
 */
export default function ThemesView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const [filter] = useInsightFilter();
  const insights = useQuery({ queryKey: textKeys.insights(filter), queryFn: ({ signal }) => fetchInsights(filter, signal) });
  const data = insights.data;
  const sentimentLabels = useMemo(() => ({ positive: t('feedback.sentiment.positive'), neutral: t('feedback.sentiment.neutral'), negative: t('feedback.sentiment.negative') }) satisfies Record<Sentiment, string>, [t]);
  const bars = useMemo(() => (data?.themes ?? []).map((th) => ({ label: themeName(th.theme), counts: { positive: th.positive, neutral: th.neutral, negative: th.negative } })), [data, themeName]);
  const pct = (v: number) => `${fmt.number(Math.round(v * 1000) / 10)} %`;
  const search = filterSearch(filter);
  const chartLabel = t('feedback.themes.chartLabel');

  return (
    <>
      <InsightFilters />
      <QueryStatus query={insights} />
      {data && data.texts === 0 && (
        <EmptyState icon="sparkles" title={t('feedback.empty.title')}
          action={<Link className="button button-primary" to={`/feedback/analyze${search}`}>{t('feedback.empty.tryEngine')}</Link>}>
          <p>{isNarrowed(filter) ? t('feedback.empty.narrowed') : t('feedback.empty.text')}</p>
          {!isNarrowed(filter) && <BackfillButton />}
        </EmptyState>
      )}
      {data && data.texts > 0 && (
        <>
          <section className="fb-kpis" aria-label={t('feedback.kpis.label')}>
            <p className="kpi card"><span className="kpi-value" data-testid="text-count">{fmt.number(data.texts)}</span><span className="kpi-label">{t('feedback.kpis.texts')}</span></p>
            <p className="kpi card"><span className="kpi-value">{data.nps === null ? '–' : fmt.number(Math.round(data.nps * 10) / 10)}</span><span className="kpi-label">{t('feedback.kpis.nps')}</span></p>
            <p className="kpi card"><span className="kpi-value">{fmt.number(data.themes.length)}</span><span className="kpi-label">{t('feedback.kpis.themes')}</span></p>
            <p className="kpi card"><span className="kpi-value">{fmt.number(data.rising.length)}</span><span className="kpi-label">{t('feedback.kpis.rising')}</span></p>
          </section>
          {data.isTruncated && <p className="alert alert-warn" role="note">{t('feedback.truncated')}</p>}
          <section className="card fb-card" aria-labelledby="fb-rising-title">
            <h2 id="fb-rising-title" className="card-title">{t('feedback.rising.title')}</h2>
            <RisingIssues rising={data.rising} filter={filter} />
          </section>
          <section className="card fb-card" aria-labelledby="fb-themes-title">
            <div className="fb-card-head">
              <h2 id="fb-themes-title" className="card-title">{t('feedback.themes.title')}</h2>
              <ExportLink href={() => exportUrl('/text/insights/themes.csv', filter)} what={t('feedback.export.themes')} />
            </div>
            {data.themes.length === 0 ? (
              <p className="muted">{t('feedback.themes.none')}</p>
            ) : (
              <div className="fb-split">
                <ThemeChart themes={bars} label={chartLabel} sentimentLabels={sentimentLabels} />
                <TableWrap label={t('feedback.themes.title')}>
                  <table className="fb-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('feedback.themes.theme')}</th>
                        <th scope="col" className="num">{t('feedback.themes.mentions')}</th>
                        <th scope="col" className="num">{t('feedback.sentiment.negative')}</th>
                        <th scope="col" className="num">{t('feedback.themes.score')}</th>
                        <th scope="col" className="num"><abbr title={t('feedback.themes.impactHelp')}>{t('feedback.themes.impact')}</abbr></th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.themes.map((th) => (
                        <tr key={th.theme}>
                          <th scope="row">
                            <Link to={`/feedback/themes/${encodeURIComponent(th.theme)}${search}`}>{themeName(th.theme)}</Link>
                          </th>
                          <td className="num">{fmt.number(th.mentions)} <span className="muted small">({pct(th.share)})</span></td>
                          <td className="num">{fmt.number(th.negative)}</td>
                          <td className="num">{fmt.number(Math.round(th.averageScore * 100) / 100)}</td>
                          <td className="num"><ImpactValue value={th.npsImpact} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </div>
            )}
            <p className="muted small">{t('feedback.themes.impactHelp')}</p>
          </section>
          <TrendSection filter={filter} themes={data.themes.map((th) => th.theme)} />
        </>
      )}
    </>
  );
}

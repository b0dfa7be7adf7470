import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { BarChart } from '../../components/bar-chart';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { fetchInsights, filterSearch, textKeys, useInsightFilter } from './text-api';
import { InsightFilters } from './insight-filters';
import { CsvButton } from './csv-button';
import { useThemeName } from './theme-name';

/** What customers ask for ("please add…", "I wish…"), grouped by topic with counts and what they wrote. */
export default function RequestsView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const [filter] = useInsightFilter();
  const insights = useQuery({ queryKey: textKeys.insights(filter), queryFn: ({ signal }) => fetchInsights(filter, signal) });
  const requests = useMemo(() => insights.data?.featureRequests ?? [], [insights.data]);
  const bars = useMemo(() => requests.map((r) => ({ label: themeName(r.theme), value: r.count })), [requests, themeName]);
  const title = t('feedback.requests.title');
  return (
    <>
      <InsightFilters />
      <QueryStatus query={insights} />
      {insights.data && requests.length === 0 && (
        <EmptyState icon="sparkles" title={t('feedback.requests.none')}><p>{t('feedback.requests.noneText')}</p></EmptyState>
      )}
      {requests.length > 0 && (
        <section className="card fb-card" aria-labelledby="fb-requests-title">
          <div className="fb-card-head">
            <h2 id="fb-requests-title" className="card-title">{title}</h2>
            <CsvButton filename="feature-requests.csv" header={['topic', 'requests', 'example']} rows={() => requests.flatMap((r) => (r.examples.length ? r.examples : [{ text: '' }]).map((e) => [r.theme, r.count, e.text]))} />
          </div>
          <BarChart bars={bars} label={title} height={Math.max(160, bars.length * 30 + 24)} />
          <TableWrap label={title}>
            <table className="fb-table">
              <thead>
                <tr>
                  <th scope="col">{t('feedback.requests.topic')}</th>
                  <th scope="col" className="num">{t('feedback.requests.count')}</th>
                  <th scope="col">{t('feedback.requests.examples')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.theme}>
                    <th scope="row">
                      {r.theme === 'other' ? t('feedback.requests.other') : <Link to={`/feedback/themes/${encodeURIComponent(r.theme)}${filterSearch(filter)}`}>{themeName(r.theme)}</Link>}
                    </th>
                    <td className="num">{fmt.number(r.count)}</td>
                    <td>
                      <ul className="fb-quotes">{r.examples.map((e) => <li key={`${e.source}/${e.sourceId}`}>{e.text}</li>)}</ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="muted small">{t('feedback.requests.statusSoon')}</p>
        </section>
      )}
    </>
  );
}

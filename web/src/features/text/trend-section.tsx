import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { fetchExplore, textKeys, type InsightFilter } from './text-api';
import { useThemeName } from './theme-name';
import { TrendChart } from './trend-chart';
import { CsvButton } from './csv-button';

const SHOWN_THEMES = 6;

/** How often each of the largest themes was mentioned week by week: chart, table and CSV. */
export function TrendSection({ filter, themes }: { filter: InsightFilter; themes: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const explore = useQuery({ queryKey: textKeys.explore(filter), queryFn: ({ signal }) => fetchExplore(filter, signal) });
  const shownKey = themes.slice(0, SHOWN_THEMES).join('\u0000');
  const shown = useMemo(() => (shownKey ? shownKey.split('\u0000') : []), [shownKey]);
  const weeks = useMemo(() => explore.data?.weeks ?? [], [explore.data]);
  const weekLabels = useMemo(() => weeks.map((w) => fmt.date(w.start)), [weeks, fmt]);
  // Stable arrays: the chart redraws only when the data or the language changes, not on every render.
  const series = useMemo(() => shown.map((th) => ({ label: themeName(th), values: weeks.map((w) => w.themes[th] ?? 0) })), [shown, weeks, themeName]);
  const title = t('feedback.trend.title');
  return (
    <section className="card fb-card" aria-labelledby="fb-trend-title">
      <div className="fb-card-head">
        <h2 id="fb-trend-title" className="card-title">{title}</h2>
        {weeks.length > 0 && (
          <CsvButton filename="theme-trend.csv" header={[t('feedback.trend.week'), t('feedback.trend.texts'), ...shown.map(themeName)]}
            rows={() => weeks.map((w) => [w.start.slice(0, 10), w.texts, ...shown.map((th) => w.themes[th] ?? 0)])} />
        )}
      </div>
      <QueryStatus query={explore} />
      {explore.data && shown.length === 0 && <p className="muted">{t('feedback.trend.empty')}</p>}
      {explore.data && shown.length > 0 && (
        <>
          <TrendChart weeks={weekLabels} series={series} label={title} />
          <details className="fb-details">
            <summary>{t('feedback.showTable')}</summary>
            <TableWrap label={title}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('feedback.trend.week')}</th>
                    <th scope="col" className="num">{t('feedback.trend.texts')}</th>
                    {shown.map((th) => <th key={th} scope="col" className="num">{themeName(th)}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w, i) => (
                    <tr key={w.start}>
                      <th scope="row">{weekLabels[i]}</th>
                      <td className="num">{fmt.number(w.texts)}</td>
                      {shown.map((th) => <td key={th} className="num">{fmt.number(w.themes[th] ?? 0)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { fetchExplore, fetchInsights, textKeys, useInsightFilter } from './text-api';
import { PhraseSection } from './phrase-section';
import { InsightFilters } from './insight-filters';
import { TermCloud } from './term-cloud';
import { CooccurrenceChart } from './cooccurrence-chart';
import { CsvButton } from './csv-button';
import { useThemeName } from './theme-name';

/** For those who like to look: the words customers use, and which themes come up together. */
export default function ExploreView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const [filter] = useInsightFilter();
  const explore = useQuery({ queryKey: textKeys.explore(filter), queryFn: ({ signal }) => fetchExplore(filter, signal) });
  // Key phrases come with the insights (the themes view has them cached already when one switches tabs).
  const insights = useQuery({ queryKey: textKeys.insights(filter), queryFn: ({ signal }) => fetchInsights(filter, signal) });
  const data = explore.data;
  const matrix = useMemo(() => {
    const keys = [...new Set((data?.cooccurrence ?? []).flatMap((p) => [p.a, p.b]))].sort();
    const index = new Map(keys.map((k, i) => [k, i]));
    return {
      keys,
      names: keys.map(themeName),
      pairs: (data?.cooccurrence ?? []).map((p) => ({ a: index.get(p.a) ?? 0, b: index.get(p.b) ?? 0, count: p.count })),
    };
  }, [data, themeName]);
  const cloudTitle = t('feedback.explore.cloudTitle');
  const pairsTitle = t('feedback.explore.pairsTitle');

  return (
    <>
      <InsightFilters />
      <QueryStatus query={explore} />
      {data && data.texts === 0 && (
        <EmptyState icon="sparkles" title={t('feedback.empty.title')}><p>{t('feedback.empty.text')}</p></EmptyState>
      )}
      {data && data.texts > 0 && insights.data?.phrases && <PhraseSection phrases={insights.data.phrases} />}
      {data && data.texts > 0 && (
        <div className="fb-grid">
          <section className="card fb-card" aria-labelledby="fb-cloud-title">
            <div className="fb-card-head">
              <h2 id="fb-cloud-title" className="card-title">{cloudTitle}</h2>
              <CsvButton filename="words.csv" header={['term', 'texts', 'average_score']} rows={() => data.terms.map((x) => [x.term, x.count, x.averageScore])} />
            </div>
            {data.terms.length === 0 ? <p className="muted">{t('feedback.explore.noTerms')}</p> : <TermCloud terms={data.terms} />}
            <p className="muted small">{t('feedback.explore.cloudHelp')}</p>
            {data.terms.length > 0 && (
              <details className="fb-details">
                <summary>{t('feedback.showTable')}</summary>
                <TableWrap label={cloudTitle}>
                  <table>
                    <thead><tr><th scope="col">{t('feedback.explore.term')}</th><th scope="col" className="num">{t('feedback.explore.texts')}</th><th scope="col" className="num">{t('feedback.themes.score')}</th></tr></thead>
                    <tbody>
                      {data.terms.map((x) => (
                        <tr key={x.term}><th scope="row">{x.term}</th><td className="num">{fmt.number(x.count)}</td><td className="num">{fmt.number(Math.round(x.averageScore * 100) / 100)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </details>
            )}
          </section>
          <section className="card fb-card" aria-labelledby="fb-pairs-title">
            <div className="fb-card-head">
              <h2 id="fb-pairs-title" className="card-title">{pairsTitle}</h2>
              <CsvButton filename="theme-pairs.csv" header={['theme_a', 'theme_b', 'texts']} rows={() => data.cooccurrence.map((p) => [p.a, p.b, p.count])} />
            </div>
            {data.cooccurrence.length === 0 ? (
              <p className="muted">{t('feedback.explore.noPairs')}</p>
            ) : (
              <>
                <CooccurrenceChart themes={matrix.names} pairs={matrix.pairs} label={pairsTitle} />
                <TableWrap label={pairsTitle}>
                  <table>
                    <thead><tr><th scope="col">{t('feedback.explore.pair')}</th><th scope="col" className="num">{t('feedback.explore.texts')}</th></tr></thead>
                    <tbody>
                      {data.cooccurrence.map((p) => (
                        <tr key={`${p.a}|${p.b}`}><th scope="row">{`${themeName(p.a)} + ${themeName(p.b)}`}</th><td className="num">{fmt.number(p.count)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </>
            )}
          </section>
        </div>
      )}
    </>
  );
}

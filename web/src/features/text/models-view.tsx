import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { languageAutonym } from '../../i18n';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { Badge, QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { textKeys } from './text-api';
import { AccuracyChart } from './accuracy-chart';
import { TrainButton } from './train-button';
import { ExamplesImport } from './examples-import';
import { CsvButton } from './csv-button';

/**
 * The workspace's own sentiment models per language: accuracy on its held-out examples against the
 * shipped model on the same texts, and whether it is used (only when it beats the shipped one).
 */
export default function ModelsView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const models = useQuery({ queryKey: textKeys.models, queryFn: ({ signal }) => ok(client.GET('/text/models', { signal })) });
  const list = useMemo(() => models.data?.models ?? [], [models.data]);
  const pct = (v: number) => `${fmt.number(Math.round(v * 1000) / 10)} %`;
  const title = t('feedback.models.title');
  const chartRows = useMemo(() => list.map((m) => ({ label: languageAutonym(m.language), trained: m.accuracy, shipped: m.baselineAccuracy })), [list]);
  return (
    <>
      <section className="card fb-card" aria-labelledby="fb-models-title">
        <div className="fb-card-head">
          <h2 id="fb-models-title" className="card-title">{title}</h2>
          <TrainButton />
        </div>
        <p className="muted">{t('feedback.models.help')}</p>
        <QueryStatus query={models} />
        {models.data && list.length === 0 && (
          <EmptyState level={3} icon="sparkles" title={t('feedback.models.none')}><p>{t('feedback.models.noneText')}</p></EmptyState>
        )}
        {list.length > 0 && (
          <>
            <AccuracyChart rows={chartRows} label={t('feedback.models.chartLabel')} trainedLabel={t('feedback.models.trainedAccuracy')} shippedLabel={t('feedback.models.shippedAccuracy')} />
            <TableWrap label={title}>
              <table className="fb-table">
                <thead>
                  <tr>
                    <th scope="col">{t('feedback.filters.language')}</th>
                    <th scope="col" className="num">{t('feedback.models.examples')}</th>
                    <th scope="col" className="num">{t('feedback.models.trainedAccuracy')}</th>
                    <th scope="col" className="num">{t('feedback.models.shippedAccuracy')}</th>
                    <th scope="col">{t('feedback.models.inUse')}</th>
                    <th scope="col">{t('feedback.models.trainedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.language}>
                      <th scope="row">{languageAutonym(m.language)} <span className="muted small">({m.language})</span></th>
                      <td className="num">{fmt.number(m.examples)}</td>
                      <td className="num">{pct(m.accuracy)}</td>
                      <td className="num">{pct(m.baselineAccuracy)}</td>
                      <td>{m.active ? <Badge tone="good">{t('feedback.models.active')}</Badge> : <Badge tone="neutral">{t('feedback.models.shipped')}</Badge>}</td>
                      <td className="nowrap">{fmt.dateTime(m.trainedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <CsvButton filename="text-models.csv" header={['language', 'examples', 'accuracy', 'shipped_accuracy', 'active', 'trained_at']}
              rows={() => list.map((m) => [m.language, m.examples, m.accuracy, m.baselineAccuracy, m.active, m.trainedAt ?? ''])} />
          </>
        )}
      </section>
      <ExamplesImport />
    </>
  );
}

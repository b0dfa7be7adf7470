import { useTranslation } from 'react-i18next';
import { TableWrap } from '../../components/table-wrap';
import { downloadCsv } from '../analytics/csv';
import type { RetentionMetric } from './churn-api';

/**
 * The cohort matrix as a table whose cells are shaded by their value: a heat-map that is its own data
 * table (screen readers read the numbers, the eye reads the colour), with a CSV of the same cells.
 */
export function CohortHeatmap({ cohorts }: { cohorts: RetentionMetric['cohorts'] }) {
  const { t } = useTranslation();
  const months = Math.max(0, ...cohorts.map((c) => c.retention.length));
  const offsets = Array.from({ length: months }, (_, i) => i);
  const title = t('churn.cohorts.title');
  const csv = () => downloadCsv('cohort-retention.csv', [
    [t('churn.cohorts.cohort'), t('churn.cohorts.size'), ...offsets.map((m) => t('churn.cohorts.month', { m }))],
    ...cohorts.map((c) => [c.cohort, c.size, ...offsets.map((m) => c.retention[m] ?? null)]),
  ]);
  if (cohorts.length === 0) return <p className="muted">{t('churn.cohorts.none')}</p>;
  return (
    <div className="churn-figure">
      <div className="an-data-actions">
        <button type="button" className="button button-small" onClick={csv}>{t('analytics.table.csv')}</button>
      </div>
      <TableWrap label={title}>
        <table className="churn-heatmap" data-testid="cohort-heatmap">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('churn.cohorts.cohort')}</th>
              <th scope="col">{t('churn.cohorts.size')}</th>
              {offsets.map((m) => <th key={m} scope="col">{t('churn.cohorts.month', { m })}</th>)}
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.cohort}>
                <th scope="row">{c.cohort}</th>
                <td>{c.size}</td>
                {offsets.map((m) => {
                  const v = c.retention[m];
                  return (
                    <td key={m} style={v === null || v === undefined ? undefined : { background: `color-mix(in srgb, var(--accent) ${Math.round(Math.min(100, v) * 0.4)}%, transparent)` }}>
                      {v === null || v === undefined ? '' : `${v} %`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

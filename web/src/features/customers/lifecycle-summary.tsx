import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { BarChart } from '../../components/bar-chart';
import { customerKeys, LIFECYCLE_STAGES, STAGE_COLOR, type LifecycleStage } from './customers-api';

/**
 * How many customers are in each lifecycle stage, counted with the segment preview (one scan per
 * stage, nothing stored); each number links to the list filtered by that stage.
 */
export function LifecycleSummary() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const counts = useQuery({
    queryKey: customerKeys.stageCounts,
    queryFn: async ({ signal }) => {
      const previews = await Promise.all(
        LIFECYCLE_STAGES.map((stage) => ok(client.POST('/segments/preview', { body: { rules: { all: [{ field: 'lifecycleStage', op: 'eq', value: stage }] } }, signal }))),
      );
      return { total: previews[0]?.total ?? 0, byStage: Object.fromEntries(LIFECYCLE_STAGES.map((s, i) => [s, previews[i].count])) as Record<LifecycleStage, number> };
    },
    staleTime: 30_000,
  });
  const bars = useMemo(
    () => LIFECYCLE_STAGES.map((s) => ({ label: t(`customers.stages.${s}`), value: counts.data?.byStage[s] ?? 0, color: STAGE_COLOR[s] })),
    [counts.data, t],
  );
  if (!counts.data || counts.data.total === 0) return null;
  return (
    <section className="chart-card summary-card" aria-labelledby="lifecycle-summary-title">
      <div>
        <h2 id="lifecycle-summary-title" className="card-title">{t('customers.summary.title')}</h2>
        <BarChart bars={bars} label={t('customers.summary.chartLabel')} height={180} />
      </div>
      <div className="summary-legend">
        <p className="summary-total">
          <span className="stat-value">{fmt.number(counts.data.total)}</span>
          <span className="stat-label">{t('customers.summary.total')}</span>
        </p>
        <ul className="legend">
          {LIFECYCLE_STAGES.map((s) => (
            <li key={s}>
              <span className={`swatch swatch-stage-${s}`} aria-hidden="true" />
              <Link to={`/customers?lifecycleStage=${s}`}>{t(`customers.stages.${s}`)}</Link>: <strong>{fmt.number(counts.data.byStage[s])}</strong>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

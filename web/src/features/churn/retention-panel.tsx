import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { QueryStatus } from '../../components/feedback';
import { DataTable } from '../analytics/data-table';
import { useChurnMetrics } from './churn-api';
import { RatesChart } from './rates-chart';
import { CohortHeatmap } from './cohort-heatmap';
import { ClvTrend } from './clv-trend';

const rate = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v} %`);
const band = (p: { low: number | null; high: number | null } | undefined) => (p && p.low !== null && p.high !== null ? `${p.low} – ${p.high} %` : '–');

/** Churn rate, retention (both variants), NPS of churned vs retained, CLV, and the cohort matrix. */
export function RetentionPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = useSession().workspace.baseCurrency;
  const query = useChurnMetrics();
  const m = query.data;
  const periods = m?.churn.series.map((p) => fmt.date(p.from)) ?? [];
  return (
    <section className="panel" aria-labelledby="churn-rates">
      <h2 id="churn-rates">{t('churn.rates.title')}</h2>
      <QueryStatus query={query} />
      {m && (
        <>
          <div className="cards">
            <div className="card stat">
              <span className="stat-label">{t('churn.rates.churn')}</span>
              <span className="stat-value" data-testid="churn-rate">{rate(m.churn.value)}</span>
              <span className="stat-note">{t('churn.rates.atStart', { n: fmt.number(m.churn.n) })}</span>
            </div>
            <div className="card stat">
              <span className="stat-label">{t('churn.rates.retention')}</span>
              <span className="stat-value">{rate(m.retention.value)}</span>
              <span className="stat-note">{t('churn.rates.simple', { value: rate(m.retention.simpleValue) })}</span>
            </div>
            <div className="card stat">
              <span className="stat-label">{t('churn.rates.npsByChurn')}</span>
              <span className="stat-value">{m.churn.npsByChurn.churned ?? '–'} / {m.churn.npsByChurn.retained ?? '–'}</span>
              <span className="stat-note">{t('churn.rates.npsNote', { churned: m.churn.npsByChurn.churnedAnswers, retained: m.churn.npsByChurn.retainedAnswers })}</span>
            </div>
            <div className="card stat">
              <span className="stat-label">{t('churn.rates.clv')}</span>
              <span className="stat-value">{m.clv.predictive?.value != null ? fmt.money(m.clv.predictive.value, currency) : '–'}</span>
              <span className="stat-note">{t('churn.rates.clvHistorical', { value: m.clv.value === null ? '–' : fmt.money(m.clv.value, currency) })}</span>
              {m.clv.predictive && <span className="stat-note">{t('churn.rates.clvFitted', { date: fmt.date(m.clv.predictive.fittedAt), n: fmt.number(m.clv.predictive.n) })}</span>}
            </div>
          </div>
          <div className="card churn-figure">
            <h3 className="card-title">{t('churn.rates.trend')}</h3>
            <p className="muted small">{t('analytics.bandNote')}</p>
            <RatesChart label={t('churn.rates.trend')} periods={periods} series={[
              { name: t('churn.rates.churn'), values: m.churn.series.map((p) => p.value), low: m.churn.series.map((p) => p.low), high: m.churn.series.map((p) => p.high), color: '--danger' },
              { name: t('churn.rates.retention'), values: m.retention.series.map((p) => p.value), low: m.retention.series.map((p) => p.low), high: m.retention.series.map((p) => p.high), color: '--accent' },
            ]} />
            <DataTable caption={t('churn.rates.trend')} fileName="churn-retention.csv"
              columns={[
                { key: 'period', label: t('churn.rates.period') }, { key: 'atStart', label: t('churn.rates.colAtStart') },
                { key: 'lost', label: t('churn.rates.colLost') }, { key: 'newCustomers', label: t('churn.rates.colNew') },
                { key: 'atEnd', label: t('churn.rates.colAtEnd') }, { key: 'churn', label: t('churn.rates.churn') },
                { key: 'churnInterval', label: t('churn.rates.colInterval', { rate: t('churn.rates.churn') }) },
                { key: 'retention', label: t('churn.rates.retention') },
                { key: 'retentionInterval', label: t('churn.rates.colInterval', { rate: t('churn.rates.retention') }) },
                { key: 'simple', label: t('churn.rates.simpleShort') },
              ]}
              rows={m.churn.series.map((p, i) => ({
                period: periods[i], atStart: p.atStart, lost: p.lost, newCustomers: p.newCustomers, atEnd: p.atEnd,
                churn: rate(p.value), churnInterval: band(p), retention: rate(m.retention.series[i]?.value),
                retentionInterval: band(m.retention.series[i]), simple: rate(m.retention.series[i]?.simpleValue),
              }))} />
          </div>
          <ClvTrend clv={m.clv} />
          <div className="card churn-figure">
            <h3 className="card-title">{t('churn.cohorts.title')}</h3>
            <p className="muted small">{t('churn.cohorts.note')}</p>
            <CohortHeatmap cohorts={m.retention.cohorts} />
          </div>
        </>
      )}
    </section>
  );
}

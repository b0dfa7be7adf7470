import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { TrendChart, type TrendPoint } from '../analytics/trend-chart';
import { useChurnMetrics, type ChurnMetric } from '../churn/churn-api';
import { ClvCard } from './overview-clv';

type Period = ChurnMetric['series'][number];

const MIN_CUSTOMERS = 30;
const toTrend = (p: Period): TrendPoint => ({
  period: new Date(p.from).toISOString().slice(0, 10), start: String(p.from), end: String(p.to), value: p.value, low: p.low, high: p.high, n: p.atStart,
});

/**
 * A monthly rate as a card: the latest month with its interval, the change from the month before, and
 * the trend with its band; a point opens the Churn page, where the months are broken down.
 */
function RateCard({ label, series, testId }: { label: string; series: Period[]; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const last = series[series.length - 1];
  const before = series[series.length - 2];
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1 }).format(v)} %`);
  const change = last?.value != null && before?.value != null
    ? `${new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(last.value - before.value)} pp`
    : null;
  const periodLabel = (p: TrendPoint) => new Intl.DateTimeFormat(fmt.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${p.period}T12:00:00Z`));
  return (
    <div className="card stat an-metric" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value an-metric-value">
        {pct(last?.value)}
        {last?.low != null && <span className="an-interval">{pct(last.low)} – {pct(last.high)}</span>}
      </span>
      <span className="stat-note">{t('churn.rates.atStart', { n: fmt.number(last?.atStart ?? 0) })}</span>
      {change && <span className="stat-note">{t('analytics.overview.vsPreviousMonth', { change })}</span>}
      {last && last.atStart > 0 && last.atStart < MIN_CUSTOMERS && <span className="stat-note">{t('analytics.overview.fewCustomers')}</span>}
      <TrendChart compact height={56} points={series.map(toTrend)} label={t('analytics.trend', { metric: label })} periodLabel={periodLabel} onSelect={() => void navigate('/analytics/churn')} />
    </div>
  );
}

/**
 * Churn, retention and lifetime value beside the survey metrics: monthly rates under the workspace's
 * lifecycle rule with their intervals and trends, and historical and predicted CLV. Details on the Churn page.
 */
export function OverviewRetention() {
  const { t } = useTranslation();
  const m = useChurnMetrics().data;
  if (!m) return null;
  return (
    <section aria-labelledby="overview-retention" className="an-overview">
      <div className="section-head">
        <h2 id="overview-retention">{t('churn.rates.title')}</h2>
        <Link to="/analytics/churn">{t('analytics.overview.churnDetails')}</Link>
      </div>
      <div className="cards">
        <RateCard label={t('churn.rates.churn')} series={m.churn.series} testId="overview-churn" />
        <RateCard label={t('churn.rates.retention')} series={m.retention.series} testId="overview-retention" />
        <ClvCard clv={m.clv} />
      </div>
    </section>
  );
}

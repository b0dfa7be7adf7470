import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { TrendChart } from '../analytics/trend-chart';
import type { ClvMetric } from '../churn/churn-api';
import { ClvTable, clvTrendPoint, useMonthLabel } from '../churn/clv-trend';

/**
 * Lifetime value as a card: historical CLV to date (mean net spend × margin over buyers) with its 95 %
 * t-interval, the change from the end of the month before, the monthly trend with its band (a point
 * opens the Churn page, where CLV is broken down) and the months as a table and CSV; the predicted
 * value of the BG/NBD + Gamma-Gamma fit beside it.
 */
export function ClvCard({ clv }: { clv: ClvMetric }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const currency = useSession().workspace.baseCurrency;
  const series = clv.series ?? [];
  const last = series[series.length - 1];
  const before = series[series.length - 2];
  const money = (v: number | null | undefined) => (v === null || v === undefined ? '–' : fmt.money(v, currency));
  const change = last?.value != null && before?.value != null
    ? `${last.value - before.value > 0 ? '+' : last.value - before.value < 0 ? '−' : ''}${fmt.money(Math.abs(last.value - before.value), currency)}`
    : null;
  const periodLabel = useMonthLabel();
  return (
    <div className="card stat an-metric" data-testid="overview-clv">
      <span className="stat-label">{t('churn.rates.clvTitle')}</span>
      <span className="stat-value an-metric-value">
        {money(last?.value ?? clv.value)}
        {last?.low != null && <span className="an-interval">{money(last.low)} – {money(last.high)}</span>}
      </span>
      <span className="stat-note">{t('churn.rates.clvToDate', { n: fmt.number(last?.n ?? clv.n) })}</span>
      {change && <span className="stat-note" data-testid="overview-clv-change">{t('analytics.overview.vsPreviousMonth', { change })}</span>}
      {last && last.smallSample && last.n > 0 && <span className="stat-note">{t('churn.rates.fewBuyers')}</span>}
      <span className="stat-note">{t('churn.rates.clvPredicted', { value: money(clv.predictive?.value) })}</span>
      {clv.margin < 1 && (
        <span className="stat-note" data-testid="overview-clv-margin">
          {t('churn.rates.clvMargin', { margin: fmt.number(Math.round(clv.margin * 10_000) / 100), source: t(clv.marginSource === 'query' ? 'churn.rates.clvMarginQuery' : 'churn.rates.clvMarginWorkspace') })}
        </span>
      )}
      {series.length > 0 && (
        <>
          <TrendChart compact height={56} points={series.map(clvTrendPoint)} label={t('churn.rates.clvTrend')} periodLabel={periodLabel} onSelect={() => void navigate('/analytics/churn')} />
          <ClvTable series={series} />
        </>
      )}
    </div>
  );
}

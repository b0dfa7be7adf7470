import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { TrendChart, type TrendPoint } from '../analytics/trend-chart';
import { DataTable } from '../analytics/data-table';
import type { ClvMetric } from './churn-api';

type Point = NonNullable<ClvMetric['series']>[number];

export const clvTrendPoint = (p: Point): TrendPoint => ({ period: p.period, start: p.start, end: p.end, value: p.value, low: p.low, high: p.high, n: p.n });

/** A month as "Mar 2026" in the reader's language (the period's first local day, read as a calendar day). */
export function useMonthLabel() {
  const fmt = useFormat();
  return (p: TrendPoint) => new Intl.DateTimeFormat(fmt.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${p.period}T12:00:00Z`));
}

/** The months of historical CLV as a table and CSV, in major units of the base currency (12.50, not 1250). */
export function ClvTable({ series }: { series: Point[] }) {
  const { t } = useTranslation();
  const currency = useSession().workspace.baseCurrency;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const major = (v: number | null) => (v === null ? null : v / 10 ** digits);
  return (
    <DataTable
      caption={t('churn.rates.clvTrend')}
      fileName="historical-clv.csv"
      columns={[
        { key: 'period', label: t('churn.rates.period') },
        { key: 'value', label: t('churn.rates.colClv', { currency }) },
        { key: 'low', label: t('churn.rates.colLow', { currency }) },
        { key: 'high', label: t('churn.rates.colHigh', { currency }) },
        { key: 'n', label: t('churn.rates.colBuyers') },
        { key: 'revenue', label: t('churn.rates.colRevenue', { currency }) },
      ]}
      rows={series.map((p) => ({ period: p.period, value: major(p.value), low: major(p.low), high: major(p.high), n: p.n, revenue: major(p.revenue) }))}
    />
  );
}

/** Historical CLV at each month's end with its 95 % t-interval as a band, and its table (the Churn page). */
export function ClvTrend({ clv }: { clv: ClvMetric }) {
  const { t } = useTranslation();
  const monthLabel = useMonthLabel();
  const series = clv.series ?? [];
  if (series.length === 0) return null;
  return (
    <div className="card churn-figure" role="region" aria-label={t('churn.rates.clvTrend')}>
      <h3 className="card-title">{t('churn.rates.clvTrend')}</h3>
      <p className="muted small">{t('churn.rates.clvTrendNote')}</p>
      <TrendChart points={series.map(clvTrendPoint)} label={t('churn.rates.clvTrend')} periodLabel={monthLabel} />
      <ClvTable series={series} />
    </div>
  );
}

import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BreakdownChart, type BreakdownBar } from './breakdown-chart';
import { DataTable } from './data-table';
import { TrendChart, type TrendPoint } from './trend-chart';
import { formatValue } from './metric-format';
import type { MetricGroup, MetricName, SeriesPoint } from './metrics-api';

/** A period's name as people say it: "12 Jan", "Jan 2026", "Q1 2026" (the period's first local day). */
export function usePeriodLabel(interval: string | null | undefined, locale: string) {
  return useCallback(
    (p: TrendPoint) => {
      const d = new Date(`${p.period}T12:00:00Z`);
      if (interval === 'month') return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
      if (interval === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
      return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
    },
    [interval, locale],
  );
}

/** The trend with its band and the same points as a table. */
export function TrendView({ metric, points, interval, locale, onSelect, title }: { metric: MetricName; points: SeriesPoint[]; interval: string | null | undefined; locale: string; onSelect?: (p: SeriesPoint) => void; title: string }) {
  const { t } = useTranslation();
  const periodLabel = usePeriodLabel(interval, locale);
  const rows = points.map((p) => ({ period: p.period, value: p.value, low: p.low, high: p.high, n: p.n }));
  return (
    <section className="panel" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <p className="muted small">{t('analytics.bandNote')}</p>
      <TrendChart points={points} label={title} periodLabel={periodLabel} onSelect={onSelect} />
      <DataTable
        caption={title}
        fileName={`${metric}-trend.csv`}
        columns={[{ key: 'period', label: t('analytics.col.period') }, { key: 'value', label: t(`analytics.metrics.${metric}`) }, { key: 'low', label: t('analytics.col.low') }, { key: 'high', label: t('analytics.col.high') }, { key: 'n', label: t('analytics.col.n') }]}
        rows={rows}
      />
    </section>
  );
}

/** Groups as bars with whiskers, each tested against the rest, and the same numbers as a table. */
export function BreakdownView({ metric, groups, locale, onSelect, title }: { metric: MetricName; groups: MetricGroup[]; locale: string; onSelect?: (g: MetricGroup) => void; title: string }) {
  const { t } = useTranslation();
  const name = useCallback((g: MetricGroup) => (g.key === null ? t('analytics.noValue') : (g.label ?? g.key)), [t]);
  const bars: BreakdownBar[] = useMemo(
    () => groups.map((g) => ({ label: name(g), value: g.value, low: g.low, high: g.high, n: g.n, standsOut: g.vsRest.verdict === 'significant' })),
    [groups, name],
  );
  const select = useMemo(() => (onSelect ? (i: number) => groups[i] && onSelect(groups[i]) : undefined), [groups, onSelect]);
  const rows = groups.map((g) => ({
    group: name(g), value: g.value, low: g.low, high: g.high, n: g.n,
    vsRest: g.vsRest.difference === null ? null : formatValue(metric === 'nps' ? 'nps' : 'ces', g.vsRest.difference, locale),
    p: g.vsRest.pValue === null ? null : Math.round(g.vsRest.pValue * 10000) / 10000,
    verdict: t(`analytics.verdict.${g.vsRest.verdict}`),
  }));
  return (
    <section className="panel" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <p className="muted small">{t('analytics.breakdownNote')}</p>
      <BreakdownChart bars={bars} label={title} onSelect={select} />
      <DataTable
        caption={title}
        fileName={`${metric}-breakdown.csv`}
        columns={[
          { key: 'group', label: t('analytics.col.group') }, { key: 'value', label: t(`analytics.metrics.${metric}`) }, { key: 'low', label: t('analytics.col.low') },
          { key: 'high', label: t('analytics.col.high') }, { key: 'n', label: t('analytics.col.n') }, { key: 'vsRest', label: t('analytics.col.vsRest') }, { key: 'p', label: t('analytics.col.p') },
          { key: 'verdict', label: t('analytics.col.verdict') },
        ]}
        rows={rows}
      />
    </section>
  );
}

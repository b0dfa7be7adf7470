import { useEffect } from 'react';
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([LineChart, LegendComponent]);

export interface RateSeries {
  name: string;
  values: (number | null)[];
  /** The 95 % interval of each value (null where there is none). */
  low: (number | null)[];
  high: (number | null)[];
  color: string;
}

const gap = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v);

/**
 * Churn and retention rates per period on one % axis, each with its 95 % interval as a band in its own
 * colour: a month's rise inside the band may be chance. Periods without customers at start leave a gap.
 */
export function RatesChart({ periods, series, label }: { periods: string[]; series: RateSeries[]; label: string }) {
  const { el, chart } = useChart();
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const describe = (s: RateSeries) => `${s.name} ${periods.map((p, i) => `${p} ${s.values[i] ?? '–'} % (${s.low[i] ?? '–'}…${s.high[i] ?? '–'})`).join(', ')}`;
    instance.setOption({
      aria: { enabled: true, label: { description: `${label}: ${series.map(describe).join('; ')}` } },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { color: text }, data: series.map((s) => s.name) },
      tooltip: {
        trigger: 'axis',
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          return [periods[i], ...series.map((s) => `${s.name}: ${s.values[i] ?? '–'} % (${s.low[i] ?? '–'} – ${s.high[i] ?? '–'})`)].join('<br/>');
        },
      },
      xAxis: { type: 'category', boundaryGap: false, data: periods, axisLabel: { color: text, hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: text, formatter: '{value} %' }, splitLine: { lineStyle: { color: grid } } },
      series: series.flatMap((s, k) => {
        const color = cssVar(s.color, '#4f46e5');
        const band = { type: 'line', stack: `band-${k}`, stackStrategy: 'all', silent: true, symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false } };
        return [
          { ...band, name: `${s.name} low`, data: s.low.map(gap) },
          { ...band, name: `${s.name} band`, data: s.low.map((l, i) => (l === null || s.high[i] === null ? '-' : Math.round((s.high[i]! - l) * 100) / 100)), areaStyle: { color, opacity: 0.15 } },
          { name: s.name, type: 'line', data: s.values.map(gap), color, connectNulls: false, symbolSize: 6 },
        ];
      }),
    }, true);
  }, [chart, periods, series, label]);
  // data-trend (points with an interval): the e2e tests find every trend chart by it and check that a
  // chart with intervals drew its band.
  const withInterval = series.reduce((sum, s) => sum + s.low.filter((l, i) => l !== null && s.high[i] !== null).length, 0);
  return <div ref={el} className="chart" style={{ height: 260 }} role="img" aria-label={label} data-trend={withInterval} />;
}

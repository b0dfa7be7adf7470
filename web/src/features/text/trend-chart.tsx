import { useEffect } from 'react';
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([LineChart, LegendComponent]);

export interface TrendSeries {
  label: string;
  values: number[];
}

// Distinguishable in light and dark mode and for the common colour-vision deficiencies (Okabe–Ito).
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#F0E442'];

/** Mentions per week, one line per theme; the same numbers are in the table under it. */
export function TrendChart({ weeks, series, label }: { weeks: string[]; series: TrendSeries[]; label: string }) {
  const { el, chart, width } = useChart();
  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${series.map((s) => `${s.label} ${s.values.join(', ')}`).join('; ')}` } },
        animationDuration: 300,
        color: PALETTE,
        legend: { bottom: 0, type: 'scroll', textStyle: { color: text } },
        grid: { left: 8, right: 16, top: 12, bottom: 36, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: weeks, boundaryGap: false, axisLabel: { color: text, hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } } },
        series: series.map((s) => ({ name: s.label, type: 'line', smooth: false, symbolSize: 6, data: s.values })),
      },
      { notMerge: true },
    );
  }, [weeks, series, label, width, chart]);
  return <div ref={el} className="chart" style={{ height: 260 }} role="img" aria-label={label} />;
}

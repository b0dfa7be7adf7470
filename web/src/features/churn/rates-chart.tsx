import { useEffect } from 'react';
import { LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([LineChart, LegendComponent]);

export interface RateSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

/** Churn and retention rates per period on one % axis; periods without customers at start leave a gap. */
export function RatesChart({ periods, series, label }: { periods: string[]; series: RateSeries[]; label: string }) {
  const { el, chart } = useChart();
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    instance.setOption({
      aria: { enabled: true, label: { description: `${label}: ${series.map((s) => `${s.name} ${periods.map((p, i) => `${p} ${s.values[i] ?? '–'} %`).join(', ')}`).join('; ')}` } },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { color: text } },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '–' : `${v} %`) },
      xAxis: { type: 'category', data: periods, axisLabel: { color: text, hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
      yAxis: { type: 'value', min: 0, axisLabel: { color: text, formatter: '{value} %' }, splitLine: { lineStyle: { color: grid } } },
      series: series.map((s) => ({ name: s.name, type: 'line', data: s.values.map((v) => v ?? '-'), color: cssVar(s.color, '#4f46e5'), connectNulls: false, symbolSize: 6 })),
    }, true);
  }, [chart, periods, series, label]);
  return <div ref={el} style={{ height: 260 }} />;
}

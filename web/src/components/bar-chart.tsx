import { useEffect } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { cssVar, echarts, useChart } from './use-chart';

echarts.use([EBarChart]);

export interface Bar {
  label: string;
  value: number;
  /** A CSS colour or a custom property name ('--state-failed') so charts follow the theme. */
  color?: string;
}

/**
 * A small bar chart. The numbers are also given to ECharts' aria description, and callers
 * show them as text too, so the chart is never the only way to read them.
 */
export function BarChart({ bars, label, height = 220 }: { bars: Bar[]; label: string; height?: number }) {
  const { el, chart } = useChart();

  useEffect(() => {
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    chart.current?.setOption({
      aria: { enabled: true, label: { description: `${label}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}` } },
      animationDuration: 300,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: text, interval: 0 }, axisLine: { lineStyle: { color: grid } }, axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 42,
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.color?.startsWith('--') ? cssVar(b.color, '#4f46e5') : (b.color ?? cssVar('--accent', '#4f46e5')), borderRadius: [4, 4, 0, 0] } })),
        },
      ],
    });
  }, [bars, label]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

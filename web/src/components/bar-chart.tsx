import { useEffect, useRef } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { cssVar, echarts, labelWidth, useChart } from './use-chart';

echarts.use([EBarChart]);

export interface Bar {
  label: string;
  value: number;
  /** A CSS colour or a custom property name ('--state-failed') so charts follow the theme. */
  color?: string;
}

const ROW_HEIGHT = 30;

/**
 * A small bar chart. The numbers are also given to ECharts' aria description, and callers
 * show them as text too, so the chart is never the only way to read them.
 *
 * Where the labels do not fit side by side under their columns (a phone, a narrow card), the
 * bars turn horizontal: each label gets its own line, readable in full, instead of labels
 * squeezed into each other or dropped.
 */
export function BarChart({ bars, label, height = 220 }: { bars: Bar[]; label: string; height?: number }) {
  const { el, chart, width } = useChart();
  const widest = Math.max(0, ...bars.map((b) => labelWidth(b.label)));
  const horizontal = width > 0 && width - 40 < widest * bars.length;
  const drawnHeight = horizontal ? Math.max(height, bars.length * ROW_HEIGHT + 24) : height;
  const drawnAs = useRef<'horizontal' | 'vertical' | null>(null);

  useEffect(() => {
    const instance = chart.current;
    // Before the first layout the width is unknown, and a layout drawn then would only flash by.
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const categories = {
      type: 'category' as const,
      data: bars.map((b) => b.label),
      // Top to bottom in the given order when horizontal, as a list is read.
      inverse: horizontal,
      axisLabel: { color: text, interval: 0 },
      axisLine: { lineStyle: { color: grid } },
      axisTick: { show: false },
    };
    const values = { type: 'value' as const, minInterval: 1, axisLabel: { color: text, hideOverlap: true }, splitLine: { lineStyle: { color: grid } } };
    const orientation = horizontal ? 'horizontal' : 'vertical';
    // Turning the bars swaps the axes' types; a clean slate keeps no part of the old axes.
    if (drawnAs.current !== orientation) instance.clear();
    drawnAs.current = orientation;
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}` } },
        animationDuration: 300,
        grid: { left: 8, right: horizontal ? 16 : 8, top: horizontal ? 4 : 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: horizontal ? { ...values, splitNumber: 3 } : categories,
        yAxis: horizontal ? categories : values,
        series: [
          {
            type: 'bar',
            barMaxWidth: horizontal ? 20 : 42,
            data: bars.map((b) => ({
              value: b.value,
              itemStyle: {
                color: b.color?.startsWith('--') ? cssVar(b.color, '#4f46e5') : (b.color ?? cssVar('--accent', '#4f46e5')),
                borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0],
              },
            })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [bars, label, horizontal, width, chart]);

  return <div ref={el} className="chart" style={{ height: drawnHeight }} role="img" aria-label={label} />;
}

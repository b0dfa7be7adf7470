import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as EBarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only the pieces used are registered, which keeps the chart chunk a fraction of full ECharts.
echarts.use([EBarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export interface Bar {
  label: string;
  value: number;
  /** A CSS colour or a custom property name ('--state-failed') so charts follow the theme. */
  color?: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * A small bar chart. The numbers are also given to ECharts' aria description, and callers
 * show them as text too, so the chart is never the only way to read them.
 */
export function BarChart({ bars, label, height = 220 }: { bars: Bar[]; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

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

import { useEffect, useRef } from 'react';
import { BarChart, CustomChart } from 'echarts/charts';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([BarChart, CustomChart]);

export interface BreakdownBar {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  /** Significantly different from the rest: drawn in the accent colour, others muted. */
  standsOut: boolean;
}

/**
 * A metric per group as bars with 95 % interval whiskers. Groups whose interval leaves no doubt
 * (significantly different from the rest) are drawn in the accent colour; a click drills down.
 */
export function BreakdownChart({ bars, label, onSelect, height = 260 }: { bars: BreakdownBar[]; label: string; onSelect?: (index: number) => void; height?: number }) {
  const { el, chart } = useChart();
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const accent = cssVar('--accent', '#4f46e5');
    const muted = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const ink = cssVar('--text', '#0f172a');
    const whisker = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
      const i = params.dataIndex;
      const b = bars[i];
      if (!b || b.low === null || b.high === null) return { type: 'group', children: [] };
      const [x, yLow] = api.coord([i, b.low]);
      const [, yHigh] = api.coord([i, b.high]);
      const cap = 6;
      const style = { stroke: ink, lineWidth: 1.5 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: yLow, x2: x, y2: yHigh }, style },
          { type: 'line', shape: { x1: x - cap, y1: yLow, x2: x + cap, y2: yLow }, style },
          { type: 'line', shape: { x1: x - cap, y1: yHigh, x2: x + cap, y2: yHigh }, style },
        ],
      };
    };
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${bars.map((b) => `${b.label} ${b.value ?? '–'} (${b.low ?? '–'}…${b.high ?? '–'}, n ${b.n})`).join(', ')}` } },
        animationDuration: 300,
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items: { dataIndex: number }[]) => {
            const b = bars[items[0]?.dataIndex ?? 0];
            return b ? `${b.label}<br/>${b.value ?? '–'} (${b.low ?? '–'} – ${b.high ?? '–'})<br/>n = ${b.n}` : '';
          },
        },
        xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: muted, interval: 0, rotate: bars.length > 6 ? 30 : 0 }, axisLine: { lineStyle: { color: grid } }, axisTick: { show: false } },
        yAxis: { type: 'value', scale: false, axisLabel: { color: muted }, splitLine: { lineStyle: { color: grid } } },
        series: [
          {
            type: 'bar', barMaxWidth: 42, cursor: onSelect ? 'pointer' : 'default',
            data: bars.map((b) => ({ value: b.value ?? '-', itemStyle: { color: b.standsOut ? accent : muted, opacity: b.standsOut ? 1 : 0.55, borderRadius: [4, 4, 0, 0] } })),
          },
          { type: 'custom', renderItem: whisker, data: bars.map((b, i) => [i, b.low ?? 0, b.high ?? 0]), silent: true, z: 10 },
        ],
      },
      { notMerge: true },
    );
  }, [bars, label, chart, onSelect]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    // A click anywhere in a group's column drills down, not only on the bar (short bars are small targets).
    const zr = instance.getZr();
    const handler = (e: { offsetX: number; offsetY: number }) => {
      const point = [e.offsetX, e.offsetY];
      if (!instance.containPixel({ gridIndex: 0 }, point)) return;
      const [index] = instance.convertFromPixel({ gridIndex: 0 }, point) as number[];
      if (Number.isInteger(index) && index >= 0) select.current?.(index);
    };
    zr.on('click', handler);
    return () => {
      zr.off('click', handler);
    };
  }, [chart]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

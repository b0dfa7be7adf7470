import { useEffect, useRef } from 'react';
import { CustomChart, LineChart } from 'echarts/charts';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { cssVar, echarts, useChart } from '../../components/use-chart';

/** One period of a trend: its value with the 95 % interval, and how many answers or cases it rests on. */
export interface TrendPoint {
  period: string;
  start: string;
  end: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

echarts.use([LineChart, CustomChart]);

const hasInterval = (p: TrendPoint | undefined) => !!p && p.low !== null && p.high !== null;

/**
 * A metric over time with its 95 % interval as a band around the line: a trend is never drawn
 * without it, so a dip inside the band reads as noise. The band is two stacked series (low, then
 * high − low filled); periods without answers leave a gap instead of pretending a value. A point
 * whose neighbours are gaps has no area to show its band, so it gets a whisker instead.
 */
export function TrendChart<P extends TrendPoint>({ points, label, periodLabel, onSelect, height = 260, compact = false }: {
  points: P[];
  label: string;
  periodLabel: (p: TrendPoint) => string;
  onSelect?: (p: P) => void;
  height?: number;
  /** A sparkline in a card: no axis labels or grid lines, the same line and band. */
  compact?: boolean;
}) {
  const { el, chart, width } = useChart();
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const accent = cssVar('--accent', '#4f46e5');
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const gap = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v);
    const isolated = points.map((p, i) => hasInterval(p) && !hasInterval(points[i - 1]) && !hasInterval(points[i + 1]));
    const whisker = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
      const i = params.dataIndex;
      const p = points[i];
      if (!isolated[i] || !p || p.low === null || p.high === null) return { type: 'group', children: [] };
      const [x, yLow] = api.coord([i, p.low]);
      const [, yHigh] = api.coord([i, p.high]);
      const style = { stroke: accent, lineWidth: 1.5, opacity: 0.6 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: yLow, x2: x, y2: yHigh }, style },
          { type: 'line', shape: { x1: x - 5, y1: yLow, x2: x + 5, y2: yLow }, style },
          { type: 'line', shape: { x1: x - 5, y1: yHigh, x2: x + 5, y2: yHigh }, style },
        ],
      };
    };
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${points.map((p) => `${periodLabel(p)} ${p.value ?? '–'} (${p.low ?? '–'}…${p.high ?? '–'}, n ${p.n})`).join(', ')}` } },
        animationDuration: 300,
        grid: compact ? { left: 4, right: 4, top: 4, bottom: 4, containLabel: false } : { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          formatter: (items: { dataIndex: number }[]) => {
            const p = points[items[0]?.dataIndex ?? 0];
            return p ? `${periodLabel(p)}<br/>${p.value ?? '–'} (${p.low ?? '–'} – ${p.high ?? '–'})<br/>n = ${p.n}` : '';
          },
        },
        xAxis: {
          type: 'category',
          boundaryGap: false,
          data: points.map(periodLabel),
          axisLabel: { show: !compact, color: text, hideOverlap: true },
          axisLine: { show: !compact, lineStyle: { color: grid } },
          axisTick: { show: false },
        },
        yAxis: { type: 'value', scale: true, splitNumber: width > 0 && width < 480 ? 3 : 5, axisLabel: { show: !compact, color: text }, splitLine: { show: !compact, lineStyle: { color: grid } } },
        series: [
          { name: 'low', type: 'line', stack: 'band', stackStrategy: 'all', data: points.map((p) => gap(p.low)), lineStyle: { opacity: 0 }, symbol: 'none', silent: true },
          {
            name: 'band', type: 'line', stack: 'band', stackStrategy: 'all', silent: true, symbol: 'none', lineStyle: { opacity: 0 },
            data: points.map((p) => (p.low === null || p.high === null ? '-' : Math.round((p.high - p.low) * 100) / 100)),
            areaStyle: { color: accent, opacity: 0.15 },
          },
          { name: 'whisker', type: 'custom', renderItem: whisker, data: points.map((p, i) => [i, p.low ?? 0, p.high ?? 0]), silent: true, z: 1 },
          {
            name: 'value', type: 'line', data: points.map((p) => gap(p.value)), connectNulls: false, symbolSize: compact ? 4 : 7, cursor: onSelect ? 'pointer' : 'default',
            lineStyle: { color: accent, width: 2 }, itemStyle: { color: accent },
          },
        ],
      },
      { notMerge: true },
    );
  }, [points, label, periodLabel, width, chart, onSelect, compact]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const handler = (e: { seriesName?: string; dataIndex: number }) => {
      const p = points[e.dataIndex];
      if (p && e.seriesName === 'value') select.current?.(p);
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [points, chart]);

  // data-trend (points with an interval): the e2e tests find every trend chart by it and check that a
  // chart with intervals drew its band.
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} data-trend={points.filter(hasInterval).length} />;
}

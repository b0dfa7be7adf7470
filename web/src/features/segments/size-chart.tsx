import { useEffect } from 'react';
import { LineChart } from 'echarts/charts';
import { cssVar, echarts, useChart } from '../../components/use-chart';
import type { SizePoint } from './segments-api';

echarts.use([LineChart]);

/**
 * Segment size over time: a full chart with axes, or a sparkline for lists. The caller shows the
 * current size as text; the chart's aria description lists the points too.
 */
export function SizeChart({ points, label, compact = false, locale }: { points: SizePoint[]; label: string; compact?: boolean; locale: string }) {
  const { el, chart, width } = useChart();
  // On a phone a year of days leaves room for few date labels and few value lines.
  const narrow = width > 0 && width < 480;

  useEffect(() => {
    const accent = cssVar('--accent', '#4f46e5');
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
    // A single day is drawn as a short flat line, so a new segment does not look empty.
    const data = points.length === 1 ? [points[0], points[0]] : points;
    chart.current?.setOption({
      aria: { enabled: true, label: { description: `${label}: ${points.map((p) => `${day.format(new Date(p.at))} ${p.size}`).join(', ')}` } },
      animationDuration: 300,
      grid: compact ? { left: 2, right: 2, top: 4, bottom: 4 } : { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: compact ? { show: false } : { trigger: 'axis' },
      xAxis: {
        type: 'category',
        show: !compact,
        boundaryGap: false,
        data: data.map((p) => day.format(new Date(p.at))),
        // The first and last dates sit inside the plot, clear of the value axis' labels.
        axisLabel: { color: text, hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right' },
        axisLine: { lineStyle: { color: grid } },
        axisTick: { show: false },
      },
      yAxis: { type: 'value', show: !compact, minInterval: 1, scale: compact, splitNumber: narrow ? 3 : 5, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } } },
      series: [{
        type: 'line',
        data: data.map((p) => p.size),
        smooth: true,
        symbol: compact ? 'none' : 'circle',
        lineStyle: { color: accent, width: 2 },
        itemStyle: { color: accent },
        areaStyle: { color: accent, opacity: 0.12 },
      }],
    });
  }, [points, label, compact, locale, narrow, chart]);

  return <div ref={el} className={compact ? 'sparkline' : 'chart'} style={{ height: compact ? 36 : 220 }} role="img" aria-label={label} />;
}

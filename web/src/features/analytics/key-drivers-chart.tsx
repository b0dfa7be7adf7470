import { useEffect } from 'react';
import { BarChart } from 'echarts/charts';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([BarChart]);

export interface DriverBar {
  label: string;
  /** Share of the explained variance, % (drivers sum to 100). */
  importance: number;
  direction: 'positive' | 'negative' | null;
}

const ROW_HEIGHT = 34;

/**
 * Drivers ranked top to bottom as horizontal bars (a question's text needs a line of its own). Colour
 * tells the direction: accent where a higher answer goes with a higher NPS, the danger colour where it
 * goes with a lower one, muted for choice questions, which have no single direction.
 */
export function KeyDriversChart({ bars, label }: { bars: DriverBar[]; label: string }) {
  const { el, chart, width } = useChart();
  const height = Math.max(120, bars.length * ROW_HEIGHT + 32);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const colour = (d: DriverBar['direction']) => (d === 'positive' ? cssVar('--accent', '#4f46e5') : d === 'negative' ? cssVar('--danger', '#dc2626') : text);
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${bars.map((b) => `${b.label} ${b.importance} %`).join(', ')}` } },
        animationDuration: 300,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} %` },
        xAxis: { type: 'value', max: 100, splitNumber: width < 480 ? 2 : 5, axisLabel: { color: text, formatter: '{value} %' }, splitLine: { lineStyle: { color: grid } } },
        yAxis: {
          type: 'category',
          inverse: true,
          data: bars.map((b) => b.label),
          // Long question texts are cut with an ellipsis; the table beside the chart holds them whole.
          axisLabel: { color: text, interval: 0, width: Math.max(80, Math.min(260, width * 0.4)), overflow: 'truncate' },
          axisLine: { lineStyle: { color: grid } },
          axisTick: { show: false },
        },
        series: [
          {
            type: 'bar',
            barMaxWidth: 20,
            label: { show: true, position: 'right', color: text, formatter: '{c} %' },
            data: bars.map((b) => ({ value: b.importance, itemStyle: { color: colour(b.direction), borderRadius: [0, 4, 4, 0] } })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [bars, label, width, chart]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

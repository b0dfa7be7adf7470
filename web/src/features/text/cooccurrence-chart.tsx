import { useEffect } from 'react';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([HeatmapChart, VisualMapComponent]);

/** Themes against themes: a cell's colour says how many texts mention both. Numbers in the table too. */
export function CooccurrenceChart({ themes, pairs, label }: { themes: string[]; pairs: { a: number; b: number; count: number }[]; label: string }) {
  const { el, chart, width } = useChart();
  const height = Math.max(220, themes.length * 36 + 90);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const max = Math.max(1, ...pairs.map((p) => p.count));
    // Both halves of the matrix, so it reads the same from either axis.
    const cells = pairs.flatMap((p) => [[p.a, p.b, p.count], [p.b, p.a, p.count]]);
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${pairs.map((p) => `${themes[p.a]} + ${themes[p.b]} ${p.count}`).join(', ')}` } },
        animationDuration: 300,
        tooltip: { position: 'top' },
        grid: { left: 8, right: 8, top: 8, bottom: 64, containLabel: true },
        xAxis: { type: 'category', data: themes, axisLabel: { color: text, interval: 0, rotate: width < 520 ? 40 : 0 }, splitArea: { show: true } },
        yAxis: { type: 'category', data: themes, axisLabel: { color: text, interval: 0 }, splitArea: { show: true } },
        visualMap: {
          min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
          textStyle: { color: text },
          inRange: { color: [cssVar('--accent-soft', '#eef0ff'), cssVar('--accent', '#4f46e5')] },
        },
        series: [{ type: 'heatmap', data: cells, label: { show: true, color: cssVar('--text', '#161b2e') }, emphasis: { itemStyle: { borderColor: cssVar('--text', '#161b2e'), borderWidth: 1 } } }],
      },
      { notMerge: true },
    );
  }, [themes, pairs, label, width, chart]);
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

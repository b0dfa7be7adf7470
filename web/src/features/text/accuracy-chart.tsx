import { useEffect } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';

echarts.use([EBarChart, LegendComponent]);

/** Trained against shipped accuracy per language, side by side (the table beside it has the numbers). */
export function AccuracyChart({ rows, label, trainedLabel, shippedLabel }: { rows: { label: string; trained: number; shipped: number }[]; label: string; trainedLabel: string; shippedLabel: string }) {
  const { el, chart, width } = useChart();
  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const pct = (v: number) => Math.round(v * 1000) / 10;
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${rows.map((r) => `${r.label} ${trainedLabel} ${pct(r.trained)} %, ${shippedLabel} ${pct(r.shipped)} %`).join('; ')}` } },
        animationDuration: 300,
        legend: { bottom: 0, textStyle: { color: text } },
        grid: { left: 8, right: 8, top: 12, bottom: 32, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)} %` },
        xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { color: text, interval: 0 }, axisLine: { lineStyle: { color: grid } } },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: text, formatter: '{value} %' }, splitLine: { lineStyle: { color: grid } } },
        series: [
          { name: trainedLabel, type: 'bar', barMaxWidth: 28, itemStyle: { color: cssVar('--accent', '#4f46e5') }, data: rows.map((r) => pct(r.trained)) },
          { name: shippedLabel, type: 'bar', barMaxWidth: 28, itemStyle: { color: cssVar('--state-created', '#94a3b8') }, data: rows.map((r) => pct(r.shipped)) },
        ],
      },
      { notMerge: true },
    );
  }, [rows, label, trainedLabel, shippedLabel, width, chart]);
  return <div ref={el} className="chart" style={{ height: 240 }} role="img" aria-label={label} />;
}

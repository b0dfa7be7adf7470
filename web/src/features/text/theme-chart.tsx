import { useEffect } from 'react';
import { BarChart as EBarChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { cssVar, echarts, useChart } from '../../components/use-chart';
import { SENTIMENT_COLOR, SENTIMENTS, type Sentiment } from './text-api';

echarts.use([EBarChart, LegendComponent]);

export interface ThemeBar {
  label: string;
  counts: Record<Sentiment, number>;
}

/**
 * Themes as horizontal bars split by sentiment, largest first: the length says how much is said, the
 * colours how it feels. The numbers are in the aria description and in the table beside it.
 */
export function ThemeChart({ themes, label, sentimentLabels }: { themes: ThemeBar[]; label: string; sentimentLabels: Record<Sentiment, string> }) {
  const { el, chart, width } = useChart();
  const height = Math.max(160, themes.length * 34 + 56);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${themes.map((th) => `${th.label} ${SENTIMENTS.map((s) => `${sentimentLabels[s]} ${th.counts[s]}`).join(', ')}`).join('; ')}` } },
        animationDuration: 300,
        legend: { bottom: 0, textStyle: { color: text } },
        grid: { left: 8, right: 16, top: 4, bottom: 32, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1, axisLabel: { color: text, hideOverlap: true }, splitLine: { lineStyle: { color: grid } } },
        yAxis: { type: 'category', inverse: true, data: themes.map((th) => th.label), axisLabel: { color: text, interval: 0 }, axisTick: { show: false }, axisLine: { lineStyle: { color: grid } } },
        series: SENTIMENTS.map((s) => ({
          name: sentimentLabels[s],
          type: 'bar',
          stack: 'mentions',
          barMaxWidth: 22,
          itemStyle: { color: cssVar(SENTIMENT_COLOR[s], '#888') },
          data: themes.map((th) => th.counts[s]),
        })),
      },
      { notMerge: true },
    );
  }, [themes, label, sentimentLabels, width, chart]);
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

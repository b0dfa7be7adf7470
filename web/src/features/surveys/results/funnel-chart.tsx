import { useEffect } from 'react';
import { FunnelChart as EFunnelChart } from 'echarts/charts';
import { cssVar, echarts, useChart } from '../../../components/use-chart';

echarts.use([EFunnelChart]);

export interface FunnelStep {
  label: string;
  value: number;
}

/**
 * Respondents left at each step, widest first. Sorted as given (survey order), never by size: a
 * later question that more people reached (logic routes around an earlier one) must not jump ahead.
 * Callers show the same numbers as a table.
 */
export function FunnelChart({ steps, label, height = 260 }: { steps: FunnelStep[]; label: string; height?: number }) {
  const { el, chart, width } = useChart();
  useEffect(() => {
    const instance = chart.current;
    if (!instance || width === 0) return;
    const max = Math.max(1, ...steps.map((s) => s.value));
    instance.setOption(
      {
        aria: { enabled: true, label: { description: `${label}: ${steps.map((s) => `${s.label} ${s.value}`).join(', ')}` } },
        animationDuration: 300,
        tooltip: { trigger: 'item', formatter: '{b}: {c}' },
        series: [
          {
            type: 'funnel',
            sort: 'none',
            min: 0,
            max,
            left: 8,
            right: 8,
            top: 8,
            bottom: 8,
            gap: 2,
            label: { show: true, position: 'inside', formatter: '{b}: {c}', color: cssVar('--on-accent', '#ffffff') },
            itemStyle: { color: cssVar('--accent', '#4f46e5'), borderWidth: 0 },
            data: steps.map((s) => ({ name: s.label, value: s.value })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [steps, label, width, chart]);
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}

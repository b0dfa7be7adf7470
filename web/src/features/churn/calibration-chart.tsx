import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LineChart, ScatterChart } from 'echarts/charts';
import { cssVar, echarts, useChart } from '../../components/use-chart';
import { DataTable } from '../analytics/data-table';
import type { ChurnModel } from './churn-api';

echarts.use([LineChart, ScatterChart]);

const pct = (v: number) => Math.round(v * 1000) / 10;

/**
 * Reliability diagram: per bin of predicted risk on the held-out customers, the share that actually
 * churned. Points on the diagonal mean "a 70 % risk churns 7 times in 10"; the dot size shows n.
 */
export function CalibrationChart({ bins }: { bins: ChurnModel['calibration'] }) {
  const { t } = useTranslation();
  const { el, chart } = useChart();
  const title = t('churn.calibration.title');
  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const accent = cssVar('--accent', '#4f46e5');
    const text = cssVar('--text-muted', '#64748b');
    const grid = cssVar('--border', '#e2e8f0');
    const maxN = Math.max(1, ...bins.map((b) => b.n));
    const axis = (name: string) => ({ type: 'value', min: 0, max: 100, name, nameLocation: 'middle', nameGap: 28, axisLabel: { color: text, formatter: '{value} %' }, splitLine: { lineStyle: { color: grid } } });
    instance.setOption({
      aria: { enabled: true, label: { description: `${title}: ${bins.map((b) => `${pct(b.predicted)} % → ${pct(b.observed)} % (n ${b.n})`).join(', ')}` } },
      grid: { left: 16, right: 16, top: 16, bottom: 36, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p: { data: [number, number, number] }) => `${t('churn.calibration.predicted')}: ${p.data[0]} %<br/>${t('churn.calibration.observed')}: ${p.data[1]} %<br/>n = ${p.data[2]}` },
      xAxis: axis(t('churn.calibration.predicted')),
      yAxis: axis(t('churn.calibration.observed')),
      series: [
        { type: 'line', data: [[0, 0], [100, 100]], symbol: 'none', silent: true, lineStyle: { color: text, type: 'dashed', width: 1 } },
        { type: 'line', data: bins.map((b) => [pct(b.predicted), pct(b.observed), b.n]), color: accent, symbolSize: (v: [number, number, number]) => 6 + 14 * Math.sqrt(v[2] / maxN) },
      ],
    }, true);
  }, [bins, chart, t, title]);
  return (
    <figure className="card churn-figure">
      <figcaption className="card-title">{title}</figcaption>
      <p className="muted small">{t('churn.calibration.note')}</p>
      <div ref={el} style={{ height: 280 }} />
      <DataTable caption={title} fileName="churn-calibration.csv"
        columns={[{ key: 'predicted', label: t('churn.calibration.predicted') }, { key: 'observed', label: t('churn.calibration.observed') }, { key: 'n', label: t('churn.calibration.n') }]}
        rows={bins.map((b) => ({ predicted: `${pct(b.predicted)} %`, observed: `${pct(b.observed)} %`, n: b.n }))} />
    </figure>
  );
}

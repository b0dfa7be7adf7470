import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { BarChart, type Bar } from '../../components/bar-chart';
import type { QuestionSummary } from './surveys-api';

function npsColor(value: number): string {
  if (value >= 9) return '--state-completed';
  if (value >= 7) return '--state-retry';
  return '--state-failed';
}

/** One question's result: NPS with its split, CSAT/CES means, a distribution or choice bars, in numbers too. */
export function QuestionResult({ q }: { q: QuestionSummary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${fmt.number(Math.round(v * 10) / 10)} %`);
  const dist: Bar[] = (q.distribution ?? []).map((d) => ({ label: String(d.value), value: d.count, color: q.type === 'nps' ? npsColor(d.value) : undefined }));
  const options: Bar[] = (q.options ?? []).map((o) => ({ label: o.label || o.id, value: o.count }));
  if (q.other) options.push({ label: t('surveys.preview.other'), value: q.other, color: '--state-cancelled' });
  return (
    <li className="card question-result" data-testid={`result-${q.id}`}>
      <h3 className="card-title">{q.text || q.id}</h3>
      <p className="muted small">{t(`surveys.types.${q.type}`)} · {t('surveys.resultsView.answered', { count: q.answered })}{q.dropOffs > 0 ? ` · ${t('surveys.resultsView.dropOffs', { count: q.dropOffs })}` : ''}</p>
      {q.type === 'nps' && (
        <div className="kpi-row">
          <p className="kpi"><span className="kpi-value" data-testid="nps-value">{q.nps === null || q.nps === undefined ? '–' : fmt.number(Math.round(q.nps * 10) / 10)}</span><span className="kpi-label">NPS</span></p>
          <p className="kpi kpi-good"><span className="kpi-value">{fmt.number(q.promoters ?? 0)}</span><span className="kpi-label">{t('surveys.resultsView.promoters')}</span></p>
          <p className="kpi"><span className="kpi-value">{fmt.number(q.passives ?? 0)}</span><span className="kpi-label">{t('surveys.resultsView.passives')}</span></p>
          <p className="kpi kpi-bad"><span className="kpi-value">{fmt.number(q.detractors ?? 0)}</span><span className="kpi-label">{t('surveys.resultsView.detractors')}</span></p>
        </div>
      )}
      {(q.type === 'csat' || q.type === 'ces' || q.type === 'rating') && (
        <div className="kpi-row">
          <p className="kpi"><span className="kpi-value">{q.mean === null || q.mean === undefined ? '–' : fmt.number(Math.round(q.mean * 100) / 100)}</span><span className="kpi-label">{t('surveys.resultsView.mean')}</span></p>
          {q.type === 'csat' && <p className="kpi"><span className="kpi-value">{pct(q.satisfiedPercent)}</span><span className="kpi-label">{t('surveys.resultsView.satisfied')}</span></p>}
          {q.type === 'ces' && <p className="kpi"><span className="kpi-value">{pct(q.easyPercent)}</span><span className="kpi-label">{t('surveys.resultsView.easy')}</span></p>}
        </div>
      )}
      {dist.length > 0 && <BarChart bars={dist} label={t('surveys.resultsView.distributionOf', { question: q.text || q.id })} height={180} />}
      {options.length > 0 && (
        <>
          <BarChart bars={options} label={t('surveys.resultsView.choicesOf', { question: q.text || q.id })} height={200} />
          <ul className="option-counts small">
            {(q.options ?? []).map((o) => <li key={o.id}>{o.label || o.id}: {fmt.number(o.count)} ({pct(o.percent)})</li>)}
          </ul>
        </>
      )}
    </li>
  );
}

import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { TableWrap } from '../../../components/table-wrap';
import { FunnelChart } from './funnel-chart';
import type { Summary } from '../surveys-api';

/** Completion and drop-off per question: how many got this far, answered, and stopped here (chart and table). */
export function FunnelCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = (part: number, whole: number) => (whole ? `${fmt.number(Math.round((1000 * part) / whole) / 10)} %` : '–');
  const steps = summary.questions.map((q) => ({ label: q.id, value: q.reached }));
  const title = t('surveyResults.funnelTitle');
  return (
    <section className="card results-section" aria-labelledby="funnel-title" data-testid="funnel">
      <h2 className="card-title" id="funnel-title">{title}</h2>
      <p className="muted small">{t('surveyResults.funnelHint')}</p>
      <FunnelChart steps={steps} label={title} height={Math.max(160, steps.length * 44)} />
      <TableWrap label={title}>
        <table className="results-table">
          <thead>
            <tr>
              <th scope="col">{t('surveyResults.question')}</th>
              <th scope="col" className="num">{t('surveyResults.reached')}</th>
              <th scope="col" className="num">{t('surveyResults.answeredCol')}</th>
              <th scope="col" className="num">{t('surveyResults.stoppedHere')}</th>
              <th scope="col" className="num">{t('surveyResults.dropOffRate')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.questions.map((q) => (
              <tr key={q.id}>
                <th scope="row"><span className="muted">{q.id}</span> {q.text}</th>
                <td className="num">{fmt.number(q.reached)}</td>
                <td className="num">{fmt.number(q.answered)}</td>
                <td className="num">{fmt.number(q.dropOffs)}</td>
                <td className="num">{pct(q.dropOffs, q.reached)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('surveyResults.completed')}</th>
              <td className="num" data-testid="funnel-finished">{fmt.number(summary.responseCount.finished)}</td>
              <td className="num" colSpan={3}>{summary.completionRate === null ? '–' : `${fmt.number(Math.round(summary.completionRate))} %`}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

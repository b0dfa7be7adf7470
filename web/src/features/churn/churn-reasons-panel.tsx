import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { client, ok, type ApiData } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { QueryStatus } from '../../components/feedback';
import { BreakdownChart } from '../analytics/breakdown-chart';
import { DataTable } from '../analytics/data-table';

type Reason = ApiData<'get', '/metrics/churn-reasons'>['cancellations']['reasons'][number];
const REASON_TYPES = new Set(['single_choice', 'multiple_choice', 'text']);

/** Reasons as bars (share with its interval as whiskers) and as a table with CSV. */
function ReasonsFigure({ title, reasons, fileName }: { title: string; reasons: Reason[]; fileName: string }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return <p className="muted">{t('churn.reasons.none')}</p>;
  return (
    <section aria-label={title} className="churn-figure">
      <h3 className="card-title">{title}</h3>
      <BreakdownChart label={title} bars={reasons.map((r) => ({ label: r.label, value: r.share, low: r.low, high: r.high, n: r.customers, standsOut: true }))} />
      <DataTable caption={title} fileName={fileName}
        columns={[{ key: 'label', label: t('churn.reasons.reason') }, { key: 'customers', label: t('churn.reasons.customers') }, { key: 'share', label: t('churn.reasons.share') }, { key: 'low', label: t('analytics.col.low') }, { key: 'high', label: t('analytics.col.high') }]}
        rows={reasons.map((r) => ({ label: r.label, customers: r.customers, share: r.share, low: r.low, high: r.high }))} />
    </section>
  );
}

/**
 * Why customers left in the last 12 months: the reasons on their cancellations, and, with an exit survey
 * chosen (kept in the URL), their answers to its question. Shares are of the lost customers who gave one.
 */
export function ChurnReasonsPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const surveyId = params.get('exitSurvey') ?? '';
  const chosenQuestion = params.get('exitQuestion') ?? '';
  const set = useCallback((patch: Record<string, string>) => setParams((cur) => {
    const next = new URLSearchParams(cur);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return next;
  }), [setParams]);
  const surveys = useQuery({ queryKey: ['surveys', 'list', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/surveys', { params: { query: { limit: 100 } }, signal })), staleTime: 60_000 });
  const survey = useQuery({ queryKey: ['surveys', surveyId], queryFn: ({ signal }) => ok(client.GET('/surveys/{id}', { params: { path: { id: surveyId } }, signal })), enabled: !!surveyId });
  const questions = (survey.data?.questions ?? []).filter((q) => REASON_TYPES.has(q.type));
  const questionId = chosenQuestion || questions[0]?.id || '';
  const reasons = useQuery({
    queryKey: ['churn', 'reasons', surveyId, questionId],
    queryFn: ({ signal }) => ok(client.GET('/metrics/churn-reasons', { params: { query: surveyId && questionId ? { surveyId, questionId } : {} }, signal })),
    enabled: !surveyId || !!questionId,
    staleTime: 60_000,
  });
  const r = reasons.data;
  return (
    <section className="panel" aria-labelledby="churn-reasons">
      <h2 id="churn-reasons">{t('churn.reasons.title')}</h2>
      <div className="an-filters">
        <label className="field">
          <span>{t('churn.reasons.exitSurvey')}</span>
          <select value={surveyId} onChange={(e) => set({ exitSurvey: e.target.value, exitQuestion: '' })} data-testid="exit-survey">
            <option value="">{t('churn.reasons.noSurvey')}</option>
            {surveys.data?.data.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        {surveyId && questions.length > 0 && (
          <label className="field">
            <span>{t('churn.reasons.question')}</span>
            <select value={questionId} onChange={(e) => set({ exitQuestion: e.target.value })}>
              {questions.map((q) => <option key={q.id} value={q.id}>{Object.values(q.text)[0] ?? q.id}</option>)}
            </select>
          </label>
        )}
      </div>
      {surveyId && survey.isSuccess && questions.length === 0 && <p className="muted">{t('churn.reasons.noQuestion')}</p>}
      <QueryStatus query={reasons} />
      {r && (
        <>
          <p data-testid="churn-reasons-summary">{t('churn.reasons.summary', { lost: fmt.number(r.lost), withReason: fmt.number(r.cancellations.withReason) })}</p>
          {r.smallSample && (r.cancellations.withReason > 0 || (r.exitSurvey?.answered ?? 0) > 0) && <p className="an-warning" role="note">{t('churn.reasons.smallSample')}</p>}
          <ReasonsFigure title={t('churn.reasons.cancellations')} reasons={r.cancellations.reasons} fileName="churn-reasons.csv" />
          {r.exitSurvey && (
            <>
              <p>{t('churn.reasons.answered', { n: fmt.number(r.exitSurvey.answered) })}</p>
              <ReasonsFigure title={t('churn.reasons.exitAnswers')} reasons={r.exitSurvey.answers} fileName="exit-survey-reasons.csv" />
            </>
          )}
        </>
      )}
    </section>
  );
}

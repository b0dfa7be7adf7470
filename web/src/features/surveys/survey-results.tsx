import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { LoadMore, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { QuestionResult } from './question-result';
import { FunnelCard } from './results/results-funnel';
import { ChannelRatesCard } from './results/channel-rates';
import { TextAnswersCard } from './results/text-answers';
import { fetchSurvey, surveyKeys, type Survey, type SurveyResponse } from './surveys-api';

const PAGE = 50;

/** A short, plain-text rendering of one answer for the table (customer text stays text). */
function answerText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  if (typeof value === 'object') return Object.values(value).map(answerText).filter(Boolean).join(' · ');
  return String(value);
}

/** Results of one survey: counts, completion, per-question summaries with charts, and every response. */
export default function SurveyResults() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const canExport = useCan('surveys:export');
  const [status, setStatus] = useState<'' | SurveyResponse['status']>('');
  const survey = useQuery({ queryKey: surveyKeys.detail(id), queryFn: ({ signal }) => fetchSurvey(id, signal) });
  const summary = useQuery({
    queryKey: [...surveyKeys.summary(id), i18n.language],
    queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/summary', { params: { path: { id }, query: { lang: i18n.language } }, signal })),
    refetchInterval: 15_000,
  });
  const responses = useInfiniteQuery({
    queryKey: surveyKeys.responses(id, status),
    queryFn: ({ pageParam, signal }) => ok(client.GET('/surveys/{id}/responses', { params: { path: { id }, query: { limit: PAGE, cursor: pageParam, ...(status ? { status } : {}) } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const s: Survey | undefined = survey.data;
  const sum = summary.data;
  const rows = responses.data?.pages.flatMap((p) => p.data) ?? [];
  const questions = s?.questions ?? [];
  const actions = (
    <>
      <Link className="button" to={`/surveys/${id}`}>{t('surveys.edit')}</Link>
      <Link className="button" to={`/surveys/${id}/share`}>{t('surveyShare.tab')}</Link>
      {canExport && <a className="button" href={`/api/v1/surveys/${id}/responses.csv`} download>{t('surveys.resultsView.exportCsv')}</a>}
    </>
  );
  return (
    <>
      <PageHeader title={s ? t('surveys.resultsView.title', { name: s.name }) : t('surveys.results')} actions={actions} />
      <QueryStatus query={summary} />
      {sum && (
        <section className="kpi-row results-kpis" aria-label={t('surveys.resultsView.overview')}>
          <p className="kpi card"><span className="kpi-value" data-testid="finished-count">{fmt.number(sum.responseCount.finished)}</span><span className="kpi-label">{t('surveys.resultsView.finished')}</span></p>
          <p className="kpi card"><span className="kpi-value">{fmt.number(sum.responseCount.partial)}</span><span className="kpi-label">{t('surveys.resultsView.partial')}</span></p>
          <p className="kpi card"><span className="kpi-value">{sum.completionRate === null ? '–' : `${fmt.number(Math.round(sum.completionRate))} %`}</span><span className="kpi-label">{t('surveys.resultsView.completion')}</span></p>
        </section>
      )}
      {sum && sum.responseCount.total === 0 && <EmptyState icon="surveys" title={t('surveys.resultsView.none')}><p>{t('surveys.resultsView.noneText')}</p></EmptyState>}
      {sum && sum.responseCount.total > 0 && <FunnelCard summary={sum} />}
      {sum && <ChannelRatesCard summary={sum} />}
      {sum && sum.responseCount.total > 0 && <ul className="result-grid">{sum.questions.map((q) => <QuestionResult key={q.id} q={q} />)}</ul>}
      {s && sum && sum.responseCount.total > 0 && <TextAnswersCard survey={s} />}
      <section aria-label={t('surveys.resultsView.responses')}>
        <div className="section-head">
          <h2>{t('surveys.resultsView.responses')}</h2>
          <div className="survey-filter" role="group" aria-label={t('surveys.filterLabel')}>
            {(['', 'finished', 'partial'] as const).map((v) => (
              <button key={v || 'all'} type="button" className={`sv-chip${status === v ? ' sv-chip-active' : ''}`} aria-pressed={status === v} onClick={() => setStatus(v)}>
                {v ? t(`surveys.resultsView.${v}`) : t('surveys.all')}
              </button>
            ))}
          </div>
        </div>
        <QueryStatus query={responses} />
        {rows.length > 0 && (
          <div className="table-wrap" role="region" aria-label={t('surveys.resultsView.responses')} tabIndex={0}>
            <table className="responses-table">
              <thead>
                <tr>
                  <th scope="col">{t('surveys.resultsView.when')}</th>
                  <th scope="col">{t('surveys.resultsView.customer')}</th>
                  {questions.map((q) => <th key={q.id} scope="col">{q.id}</th>)}
                  <th scope="col">{t('surveys.touchpoint')}</th>
                  <th scope="col">{t('surveyResults.channel')}</th>
                  <th scope="col">{t('surveys.resultsView.language')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className={r.status === 'partial' ? 'muted' : undefined}>
                    <td>{fmt.dateTime(r.finishedAt ?? r.createdAt)}</td>
                    <td>{r.customer.id ? <Link to={`/customers/${r.customer.id}`}>{r.customer.email ?? r.customer.externalId ?? t('surveys.resultsView.profile')}</Link> : <span className="muted">{t('surveys.resultsView.anonymous')}</span>}</td>
                    {questions.map((q) => <td key={q.id} className="answer-cell">{answerText(r.answers[q.id])}</td>)}
                    <td>{r.touchpoint}{r.team ? ` · ${r.team}` : ''}</td>
                    <td>{r.channel}{r.source ? ` · ${r.source}` : ''}</td>
                    <td>{r.language}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore query={responses} />
      </section>
    </>
  );
}

import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { BarChart } from '../../components/bar-chart';
import { EmptyState } from '../../components/empty-state';
import { SelectField } from '../../components/field';
import { Badge, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { JOB_STATES, settingsKeys, type Job, type JobState } from './settings-api';
import { TableWrap } from '../../components/table-wrap';

const STATE_TONE: Record<JobState, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  created: 'neutral',
  retry: 'warn',
  active: 'info',
  completed: 'good',
  failed: 'bad',
  cancelled: 'neutral',
};

function errorText(error: unknown): string {
  if (error === null || error === undefined) return '';
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return JSON.stringify(error);
}

/** Background work of this workspace (imports, e-mail, recomputes): what ran, what failed, retry. */
export default function JobsSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const canRetry = useCan('jobs:manage');
  const queryClient = useQueryClient();
  const [state, setState] = useState<JobState | ''>('');
  const jobs = useQuery({
    queryKey: settingsKeys.jobs(state),
    queryFn: ({ signal }) => ok(client.GET('/jobs', { params: { query: { state: state || undefined, limit: 100 } }, signal })),
    // Jobs move on their own; a light poll keeps the counts honest while the page is open.
    refetchInterval: 5000,
  });
  const retry = useMutation({
    mutationFn: (job: Job) => ok(client.POST('/jobs/{id}/retry', { params: { path: { id: job.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['jobs'] });
      notify(t('jobs.retried'));
    },
    onError: (err) => notify(err.message, 'error'),
  });

  const counts = jobs.data?.counts;
  const bars = useMemo(
    () => JOB_STATES.map((s) => ({ label: t(`jobs.states.${s}`), value: counts?.[s] ?? 0, color: `--state-${s}` })),
    [counts, t],
  );

  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.jobs')} description={t('jobs.description')} />
      <QueryStatus query={jobs} />
      {jobs.data && (
        <>
          <div className="chart-card">
            <BarChart bars={bars} label={t('jobs.chartLabel')} />
            <ul className="legend" aria-label={t('jobs.chartLabel')}>
              {bars.map((b, i) => (
                <li key={JOB_STATES[i]}>
                  <span className={`swatch swatch-${JOB_STATES[i]}`} aria-hidden="true" />
                  {b.label}: <strong>{fmt.number(b.value)}</strong>
                </li>
              ))}
            </ul>
          </div>
          <div className="inline-form">
            <SelectField label={t('jobs.filterState')} name="state" value={state} onChange={(e) => setState(JOB_STATES.find((s) => s === e.target.value) ?? '')}>
              <option value="">{t('jobs.allStates')}</option>
              {JOB_STATES.map((s) => <option key={s} value={s}>{t(`jobs.states.${s}`)}</option>)}
            </SelectField>
          </div>
          {jobs.data.data.length === 0 ? (
            <EmptyState level={3} icon="check" title={t('jobs.empty')} />
          ) : (
            <TableWrap label={t('settings.jobs')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('jobs.queue')}</th>
                    <th scope="col">{t('jobs.state')}</th>
                    <th scope="col">{t('jobs.attempts')}</th>
                    <th scope="col">{t('jobs.created')}</th>
                    <th scope="col">{t('jobs.completed')}</th>
                    <th scope="col">{t('jobs.error')}</th>
                    {canRetry && <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {jobs.data.data.map((job) => (
                    <tr key={job.id}>
                      <td><code>{job.queue}</code></td>
                      <td><Badge tone={STATE_TONE[job.state] ?? 'neutral'}>{t(`jobs.states.${job.state}`, { defaultValue: job.state })}</Badge></td>
                      <td>{`${fmt.number(job.retryCount)} / ${fmt.number(job.retryLimit)}`}</td>
                      <td className="nowrap">{fmt.dateTime(job.createdAt)}</td>
                      <td className="nowrap">{fmt.dateTime(job.completedAt)}</td>
                      <td className="details-cell">{errorText(job.error)}</td>
                      {canRetry && (
                        <td className="cell-actions">
                          {job.state === 'failed' && (
                            <button type="button" className="button button-small" disabled={retry.isPending}
                              aria-label={t('jobs.retryNamed', { queue: job.queue })} onClick={() => retry.mutate(job)}>
                              {t('jobs.retry')}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </section>
  );
}

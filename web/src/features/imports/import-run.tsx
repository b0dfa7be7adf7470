import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { LoadError, Loading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { customerKeys } from '../customers/customers-api';
import { segmentKeys } from '../segments/segments-api';
import { importKeys, isRunning } from './imports-api';
import { ImportProgress, StatusBadge } from './import-progress';
import './imports.css';

/** One import: progress while it runs (polled), then its summary and the report of rejected rows. */
export default function ImportRun() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const { importId = '' } = useParams();
  const queryClient = useQueryClient();
  const canImport = useCan('customers:import');
  const job = useQuery({
    queryKey: importKeys.detail(importId),
    queryFn: async ({ signal }) => {
      const j = await ok(client.GET('/imports/{id}', { params: { path: { id: importId } }, signal }));
      // New customers and attributes exist now: lists and filters must not show stale data.
      if (!isRunning(j.status)) {
        void queryClient.invalidateQueries({ queryKey: customerKeys.all });
        void queryClient.invalidateQueries({ queryKey: segmentKeys.all });
      }
      return j;
    },
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data.status) ? false : 800),
  });
  const cancel = useMutation({
    mutationFn: () => ok(client.POST('/imports/{id}/cancel', { params: { path: { id: importId } } })),
    onSuccess: async (j) => {
      queryClient.setQueryData(importKeys.detail(importId), j);
      await queryClient.invalidateQueries({ queryKey: importKeys.list });
      notify(t('imports.cancelled'));
    },
    onError: (err) => notify(err.message, 'error'),
  });

  if (job.isPending) return <Loading />;
  if (job.isError) return <LoadError error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  const running = isRunning(j.status);
  return (
    <>
      <Link to="/customers/imports" className="back-link">← {t('imports.back')}</Link>
      <PageHeader title={j.fileName} description={t('imports.run.description', { kind: t(`imports.kinds.${j.kind}`), date: fmt.dateTime(j.createdAt), by: j.createdBy })}
        actions={<StatusBadge status={j.status} />} />
      <section className="panel" aria-labelledby="progress-title" aria-busy={running}>
        <h2 id="progress-title" className="section-title">{running ? t('imports.run.running') : t('imports.run.finished')}</h2>
        <ImportProgress job={j} />
        {j.errorMessage && <div className="alert alert-error" role="alert"><span>{j.errorMessage}</span></div>}
        <div className="form-actions">
          {running && canImport && (
            <button type="button" className="button button-danger-ghost" disabled={cancel.isPending} onClick={() => cancel.mutate()}>{t('imports.cancel')}</button>
          )}
          {j.errorsUrl && <a className="button" href={j.errorsUrl} download>{t('imports.errorReport', { rows: fmt.number(j.counts.rejected) })}</a>}
          {!running && (
            <>
              {j.kind === 'customers' && <Link className="button button-primary" to="/customers">{t('imports.run.viewCustomers')}</Link>}
              {canImport && <Link className="button" to="/customers/imports">{t('imports.run.another')}</Link>}
            </>
          )}
        </div>
        {j.status === 'completed' && (
          <p className="import-done" role="status">{t('imports.run.done', { created: fmt.number(j.counts.created), updated: fmt.number(j.counts.updated), unchanged: fmt.number(j.counts.unchanged), rejected: fmt.number(j.counts.rejected) })}</p>
        )}
      </section>
    </>
  );
}

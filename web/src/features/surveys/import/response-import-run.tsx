import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../../lib/api';
import { useCan } from '../../../lib/session';
import { useFormat } from '../../../lib/format';
import { Badge, LoadError, Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { TableWrap } from '../../../components/table-wrap';
import { useToast } from '../../../components/toast';
import { isRunning, responseImportKeys, type ResponseImportJob, type ResponseImportStatus } from './response-import-api';
import '../../imports/imports.css';

const TONE: Record<ResponseImportStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = { queued: 'neutral', running: 'info', completed: 'good', failed: 'bad', cancelled: 'warn' };

function StatusBadge({ status }: { status: ResponseImportStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[status]}>{t(`surveyImport.status.${status}`)}</Badge>;
}

/** The bar and the counts: rows read of the (estimated) total, and what became of them. */
function Progress({ job }: { job: ResponseImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const p = job.progress;
  const percent = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, Math.round(p.percent)));
  const c = job.counts;
  return (
    <div className="import-progress">
      <div className="progress-label">
        <span>{t('surveyImport.rows', { processed: fmt.number(p.processed), total: p.total === null ? '?' : `${p.totalIsExact ? '' : '≈'}${fmt.number(p.total)}` })}</span>
        <strong>{`${percent} %`}</strong>
      </div>
      <div className={`progress-track progress-${job.status}`} role="progressbar" aria-label={t('surveyImport.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <dl className="import-counts">
        <div><dt>{t('surveyImport.counts.imported')}</dt><dd data-testid="count-imported">{fmt.number(c.imported)}</dd></div>
        <div><dt>{t('surveyImport.counts.invalidValues')}</dt><dd data-testid="count-invalid" className={c.invalidValues ? 'text-bad' : undefined}>{fmt.number(c.invalidValues)}</dd></div>
        <div><dt>{t('surveyImport.counts.rejected')}</dt><dd className={c.rejected ? 'text-bad' : undefined}>{fmt.number(c.rejected)}</dd></div>
        <div><dt>{t('surveyImport.counts.duplicates')}</dt><dd>{fmt.number(c.duplicates)}</dd></div>
        <div><dt>{t('surveyImport.counts.speed')}</dt><dd>{t('surveyImport.rate', { rate: fmt.number(Math.round(p.rowsPerSecond)) })}</dd></div>
      </dl>
    </div>
  );
}

/** One import: its progress while it runs (polled), then the summary and the per-row report. */
export default function ResponseImportRun() {
  const { id = '', importId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('surveys:manage');
  const job = useQuery({
    queryKey: responseImportKeys.detail(id, importId),
    queryFn: async ({ signal }) => {
      const j = await ok(client.GET('/surveys/{id}/responses/imports/{importId}', { params: { path: { id, importId } }, signal }));
      // New responses exist now: results and summaries must not show stale numbers.
      if (!isRunning(j.status)) void queryClient.invalidateQueries({ queryKey: ['surveys', 'summary', id] });
      return j;
    },
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data.status) ? false : 800),
  });
  const cancel = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/responses/imports/{importId}/cancel', { params: { path: { id, importId } } })),
    onSuccess: (j) => {
      queryClient.setQueryData(responseImportKeys.detail(id, importId), j);
      notify(t('surveyImport.cancelled'));
    },
    onError: (err) => notify(err.message, 'error'),
  });
  if (job.isPending) return <Loading />;
  if (job.isError) return <LoadError error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  const running = isRunning(j.status);
  return (
    <>
      <Link to={`/surveys/${id}/import`} className="back-link">← {t('surveyImport.backToImport')}</Link>
      <PageHeader title={j.fileName} description={t('surveyImport.runDescription', { date: fmt.dateTime(j.createdAt), by: j.createdBy })} actions={<StatusBadge status={j.status} />} />
      <section className="panel" aria-labelledby="progress-title" aria-busy={running}>
        <h2 id="progress-title" className="section-title">{running ? t('surveyImport.running') : t('surveyImport.finished')}</h2>
        <Progress job={j} />
        {j.errorMessage && <div className="alert alert-error" role="alert"><span>{j.errorMessage}</span></div>}
        {j.status === 'completed' && (
          <p className="import-done" role="status">{t('surveyImport.done', { imported: fmt.number(j.counts.imported), invalid: fmt.number(j.counts.invalidValues), rejected: fmt.number(j.counts.rejected), duplicates: fmt.number(j.counts.duplicates) })}</p>
        )}
        <div className="form-actions">
          {running && canManage && <button type="button" className="button button-danger-ghost" disabled={cancel.isPending} onClick={() => cancel.mutate()}>{t('surveyImport.cancel')}</button>}
          {j.errorsUrl && <a className="button" href={j.errorsUrl} download>{t('surveyImport.errorReport', { rows: fmt.number(j.counts.errorRows) })}</a>}
          {!running && <Link className="button button-primary" to={`/surveys/${id}/results`}>{t('surveyImport.viewResults')}</Link>}
        </div>
      </section>
    </>
  );
}

/** The survey's earlier imports, newest first. */
export function PastImports({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useQuery({
    queryKey: responseImportKeys.list(surveyId),
    queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/responses/imports', { params: { path: { id: surveyId }, query: { limit: 20 } }, signal })),
  });
  if (!list.data || list.data.data.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="past-imports">
      <h2 id="past-imports" className="section-title">{t('surveyImport.past')}</h2>
      <TableWrap label={t('surveyImport.past')}>
        <table>
          <thead><tr><th scope="col">{t('surveyImport.file')}</th><th scope="col">{t('surveyImport.statusLabel')}</th><th scope="col">{t('surveyImport.counts.imported')}</th><th scope="col">{t('surveyImport.counts.invalidValues')}</th><th scope="col">{t('surveyImport.started')}</th></tr></thead>
          <tbody>
            {list.data.data.map((j) => (
              <tr key={j.id}>
                <td><Link to={`/surveys/${surveyId}/import/${j.id}`}>{j.fileName}</Link></td>
                <td><StatusBadge status={j.status} /></td>
                <td>{fmt.number(j.counts.imported)}</td>
                <td>{fmt.number(j.counts.invalidValues)}</td>
                <td>{fmt.dateTime(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

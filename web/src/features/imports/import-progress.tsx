import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Badge } from '../../components/feedback';
import type { ImportJob, ImportStatus } from './imports-api';

export const STATUS_TONE: Record<ImportStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  queued: 'neutral', running: 'info', completed: 'good', failed: 'bad', cancelled: 'warn',
};

export function StatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`imports.status.${status}`)}</Badge>;
}

/** The bar and the numbers: rows done of (estimated) total, speed, and what happened to them. */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const p = job.progress;
  const percent = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, Math.round(p.percent)));
  return (
    <div className="import-progress">
      <div className="progress-label">
        <span>{t('imports.progress.rows', { processed: fmt.number(p.processed), total: p.total === null ? '?' : `${p.totalIsExact ? '' : '≈'}${fmt.number(p.total)}` })}</span>
        <strong>{`${percent} %`}</strong>
      </div>
      <div className={`progress-track progress-${job.status}`} role="progressbar" aria-label={t('imports.progress.label')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <dl className="import-counts">
        <div><dt>{t('imports.counts.created')}</dt><dd data-testid="count-created">{fmt.number(job.counts.created)}</dd></div>
        <div><dt>{t('imports.counts.updated')}</dt><dd>{fmt.number(job.counts.updated)}</dd></div>
        <div><dt>{t('imports.counts.unchanged')}</dt><dd>{fmt.number(job.counts.unchanged)}</dd></div>
        <div><dt>{t('imports.counts.rejected')}</dt><dd className={job.counts.rejected ? 'text-bad' : undefined}>{fmt.number(job.counts.rejected)}</dd></div>
        <div><dt>{t('imports.counts.speed')}</dt><dd>{t('imports.progress.rate', { rate: fmt.number(Math.round(p.rowsPerSecond)) })}</dd></div>
      </dl>
    </div>
  );
}

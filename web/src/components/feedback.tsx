import { useTranslation } from 'react-i18next';
import { messageOf } from '../lib/api';
import { Icon } from './icon';

/** The server's problem `detail` for a failed action, announced when it appears. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="warning" size={18} />
      <span>{messageOf(error)}</span>
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** A list or page that failed to load, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="warning" size={18} />
      <span>{messageOf(error)}</span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

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

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** What a list shows while its query loads, or after it failed (with a retry); nothing once it has data. */
export function QueryStatus({ query }: { query: ListQuery }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The button under a paged list (an infinite query) that fetches the next page; gone after the last. */
export function LoadMore({ query, label }: { query: PagedQuery; label?: string }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <div className="load-more">
      <button type="button" className="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        {query.isFetchingNextPage ? t('common.loading') : (label ?? t('common.loadMore'))}
      </button>
    </div>
  );
}

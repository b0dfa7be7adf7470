import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useRulePreview } from './segments-api';
import type { RuleNode } from './rule-model';
import './segments.css';

/** The number of customers a rule matches while it is being edited, with a few of them by name. */
export function LiveCount({ rule }: { rule: RuleNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const preview = useRulePreview(rule);
  const data = preview.data;
  const problems = preview.error instanceof ApiError ? (preview.error.problem.errors ?? []).map((e) => e.message) : [];
  const share = data && data.total > 0 ? data.count / data.total : 0;
  return (
    <aside className="live-count card" aria-labelledby="live-count-title">
      <h2 id="live-count-title" className="card-title">{t('rules.liveCount')}</h2>
      {preview.isIncomplete ? (
        <p className="muted small">{t('rules.incomplete')}</p>
      ) : preview.isError ? (
        <div className="alert alert-error" role="alert">
          <span>{problems.length ? problems.join(' · ') : preview.error.message}</span>
        </div>
      ) : data ? (
        <>
          <p className={`live-count-number${preview.isFetching || preview.isSettling ? ' is-updating' : ''}`} data-testid="live-count" aria-live="polite">
            {t('rules.matches', { matched: fmt.number(data.count), total: fmt.number(data.total) })}
          </p>
          <div className="share-bar" aria-hidden="true"><span style={{ width: `${Math.round(share * 1000) / 10}%` }} /></div>
          <p className="muted small">{t('rules.share', { percent: new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 1 }).format(share) })}</p>
          {data.sample.length > 0 && (
            <>
              <h3 className="small muted">{t('rules.sample')}</h3>
              <ul className="sample-list">
                {data.sample.slice(0, 6).map((s) => (
                  <li key={s.id}><Link to={`/customers/${s.id}`}>{s.name ?? s.email ?? t('customers.anonymous')}</Link></li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <p className="muted small">{t('common.loading')}</p>
      )}
    </aside>
  );
}

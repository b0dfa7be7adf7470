import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { Badge, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { surveyKeys, type SurveyListItem } from './surveys-api';

const STATUS_TONE = { draft: 'neutral', published: 'good', closed: 'warn' } as const;

export function StatusBadge({ status }: { status: SurveyListItem['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`surveys.status.${status}`)}</Badge>;
}

/** Every survey with its status, touchpoint and how many people finished it. */
export default function SurveyList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canManage = useCan('surveys:manage');
  const [status, setStatus] = useState<'' | SurveyListItem['status']>('');
  const surveys = useQuery({
    queryKey: surveyKeys.list(status),
    queryFn: ({ signal }) => ok(client.GET('/surveys', { params: { query: { limit: 100, ...(status ? { status } : {}) } }, signal })),
  });
  const create = canManage && <Link className="button button-primary" to="/surveys/new">{t('surveys.new')}</Link>;
  const rows = surveys.data?.data ?? [];
  return (
    <>
      <PageHeader title={t('surveys.title')} description={t('surveys.description')} actions={create} />
      <div className="survey-filter" role="group" aria-label={t('surveys.filterLabel')}>
        {(['', 'draft', 'published', 'closed'] as const).map((s) => (
          <button key={s || 'all'} type="button" className={`sv-chip${status === s ? ' sv-chip-active' : ''}`} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {s ? t(`surveys.status.${s}`) : t('surveys.all')}
          </button>
        ))}
      </div>
      <QueryStatus query={surveys} />
      {surveys.data && rows.length === 0 && (
        <EmptyState icon="surveys" title={t('surveys.empty')} action={create}><p>{t('surveys.emptyText')}</p></EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap" role="region" aria-label={t('surveys.title')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('surveys.name')}</th>
                <th scope="col">{t('surveys.statusLabel')}</th>
                <th scope="col">{t('surveys.touchpoint')}</th>
                <th scope="col">{t('surveys.channel')}</th>
                <th scope="col" className="num">{t('surveys.responses')}</th>
                <th scope="col">{t('surveys.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/surveys/${s.id}`}>{s.name}</Link>
                    <div className="muted small">{t('surveys.questionCount', { count: s.questionCount })} · {s.languages.join(', ')}</div>
                  </td>
                  <td><StatusBadge status={s.status} /></td>
                  <td>{s.touchpoint}{s.team ? <div className="muted small">{s.team}</div> : null}</td>
                  <td>{s.channel}</td>
                  <td className="num"><Link to={`/surveys/${s.id}/results`}>{fmt.number(s.responseCount)}</Link></td>
                  <td>{fmt.dateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

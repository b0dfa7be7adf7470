import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { Badge, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { fetchSegments, segmentKeys, type Segment } from './segments-api';
import { SizeChart } from './size-chart';
import './segments.css';

const SPARK_DAYS = 90;

function SegmentCard({ segment: s }: { segment: Segment }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useQuery({
    queryKey: segmentKeys.history(s.id, SPARK_DAYS),
    queryFn: ({ signal }) => ok(client.GET('/segments/{id}/history', { params: { path: { id: s.id }, query: { days: SPARK_DAYS } }, signal })),
  });
  const points = history.data?.data ?? [];
  return (
    <li className="card segment-card">
      <div className="segment-card-head">
        <h2 className="card-title"><Link to={`/customers/segments/${s.id}`}>{s.name}</Link></h2>
        {s.computing && <Badge tone="info">{t('segments.computing')}</Badge>}
      </div>
      {s.description && <p className="muted small segment-description">{s.description}</p>}
      <div className="segment-card-numbers">
        <p>
          <span className="stat-value" data-testid="member-count">{fmt.number(s.memberCount)}</span>{' '}
          <span className="stat-label">{t('segments.members')}</span>
        </p>
        {points.length > 0 && <SizeChart compact points={points} locale={fmt.locale} label={t('segments.sizeOver', { name: s.name })} />}
      </div>
      <p className="muted small">{s.lastComputedAt ? t('segments.computedAt', { date: fmt.dateTime(s.lastComputedAt) }) : t('segments.notComputed')}</p>
    </li>
  );
}

/** Every segment with its size now and over the last three months. */
export default function SegmentList() {
  const { t } = useTranslation();
  const canManage = useCan('segments:manage');
  const segments = useQuery({
    queryKey: segmentKeys.list,
    queryFn: ({ signal }) => fetchSegments(signal),
    // A segment being computed in the background finishes within seconds; look again until it has.
    refetchInterval: (q) => (q.state.data?.data.some((s) => s.computing) ? 3000 : false),
  });
  const create = canManage && <Link className="button button-primary" to="/customers/segments/new">{t('segments.new')}</Link>;
  return (
    <>
      <PageHeader title={t('segments.title')} description={t('segments.description')} actions={create} />
      <QueryStatus query={segments} />
      {segments.data && segments.data.data.length === 0 && (
        <EmptyState icon="customers" title={t('segments.empty')} action={create}><p>{t('segments.emptyText')}</p></EmptyState>
      )}
      {segments.data && segments.data.data.length > 0 && (
        <ul className="segment-grid">
          {segments.data.data.map((s) => <SegmentCard key={s.id} segment={s} />)}
        </ul>
      )}
    </>
  );
}

import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan, useSession } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { BarChart } from '../../components/bar-chart';
import { EmptyState } from '../../components/empty-state';
import { Badge, ProblemAlert, QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { useToast } from '../../components/toast';
import { exportUrl, fetchRequests, isNarrowed, REQUEST_STATUSES, textKeys, useInsightFilter, type RequestStatus, type RequestTopic } from './text-api';
import { InsightFilters } from './insight-filters';
import { ExportLink } from './csv-button';
import { RequestNotify } from './request-notify';
import { useThemeName } from './theme-name';

const STATUS_TONE: Record<RequestStatus, 'info' | 'warn' | 'good'> = { new: 'info', planned: 'warn', done: 'good' };

/** A topic's status: a select for roles that manage text analytics, a badge for everyone else. */
function StatusCell({ topic, name }: { topic: RequestTopic; name: string }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('text:manage');
  const save = useMutation({
    mutationFn: (status: RequestStatus) => ok(client.PATCH('/text/requests/{topic}', { params: { path: { topic: topic.topic } }, body: { status } })),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: ['text', 'requests'] });
      notify(t('feedback.requests.statusSaved', { topic: name, status: t(`feedback.requests.status.${r.status}`) }), 'success');
    },
  });
  if (!canManage) return <Badge tone={STATUS_TONE[topic.status]}>{t(`feedback.requests.status.${topic.status}`)}</Badge>;
  return (
    <>
      <select className="fb-status-select" aria-label={t('feedback.requests.statusFor', { topic: name })} value={save.isPending ? save.variables : topic.status}
        disabled={save.isPending} onChange={(e) => save.mutate(e.target.value as RequestStatus)}>
        {REQUEST_STATUSES.map((s) => <option key={s} value={s}>{t(`feedback.requests.status.${s}`)}</option>)}
      </select>
      <ProblemAlert error={save.error} />
    </>
  );
}

/**
 * What customers ask for ("please add…", "I wish…", "希望能…"), grouped into topics across languages with
 * counts, the value of the customers asking, a status, and a way to tell the askers when it is done.
 */
export default function RequestsView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const currency = useSession().workspace.baseCurrency;
  const canManage = useCan('text:manage');
  const [filter] = useInsightFilter();
  const requests = useQuery({ queryKey: textKeys.requests(filter), queryFn: ({ signal }) => fetchRequests(filter, signal) });
  const topics = useMemo(() => requests.data?.data ?? [], [requests.data]);
  const nameOf = (topic: string) => (topic === 'other' ? t('feedback.requests.other') : themeName(topic));
  const bars = useMemo(() => topics.map((r) => ({ label: themeName(r.topic), value: r.count })), [topics, themeName]);
  const title = t('feedback.requests.title');
  return (
    <>
      <InsightFilters />
      <QueryStatus query={requests} />
      {requests.data && topics.length === 0 && (
        <EmptyState icon="sparkles" title={t('feedback.requests.none')}><p>{isNarrowed(filter) ? t('feedback.empty.narrowed') : t('feedback.requests.noneText')}</p></EmptyState>
      )}
      {topics.length > 0 && (
        <section className="card fb-card" aria-labelledby="fb-requests-title">
          <div className="fb-card-head">
            <h2 id="fb-requests-title" className="card-title">{title}</h2>
            <ExportLink href={() => exportUrl('/text/requests.csv', filter)} what={t('feedback.export.requests')} />
          </div>
          <BarChart bars={bars} label={title} height={Math.max(160, bars.length * 30 + 24)} />
          <TableWrap label={title}>
            <table className="fb-table" data-testid="request-topics">
              <thead>
                <tr>
                  <th scope="col">{t('feedback.requests.topic')}</th>
                  <th scope="col">{t('feedback.requests.statusLabel')}</th>
                  <th scope="col" className="num">{t('feedback.requests.count')}</th>
                  <th scope="col" className="num">{t('feedback.requests.customers')}</th>
                  <th scope="col" className="num"><abbr title={t('feedback.requests.valueHelp')}>{t('feedback.requests.value')}</abbr></th>
                  <th scope="col">{t('feedback.requests.examples')}</th>
                  {canManage && <th scope="col">{t('feedback.requests.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {topics.map((r) => (
                  <tr key={r.topic}>
                    <th scope="row">{nameOf(r.topic)}</th>
                    <td><StatusCell topic={r} name={nameOf(r.topic)} /></td>
                    <td className="num">{fmt.number(r.count)}</td>
                    <td className="num">{fmt.number(r.customers)}</td>
                    <td className="num nowrap">
                      {fmt.money(r.customerValue.clv, currency)}
                      <span className="muted small fb-block">{t('feedback.requests.spend', { amount: fmt.money(r.customerValue.totalSpend, currency) })}</span>
                    </td>
                    <td>
                      <ul className="fb-quotes">{r.examples.map((e) => <li key={`${e.source}/${e.sourceId}`}>{e.text}</li>)}</ul>
                    </td>
                    {canManage && (
                      <td>
                        {r.customers > 0 && <RequestNotify topic={r.topic} topicName={nameOf(r.topic)} />}
                        {r.notifiedAt && <p className="muted small">{t('feedback.requests.notified', { count: r.notifiedCount, formatted: fmt.number(r.notifiedCount), date: fmt.date(r.notifiedAt) })}</p>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="muted small">{t('feedback.requests.valueHelp')}</p>
        </section>
      )}
    </>
  );
}

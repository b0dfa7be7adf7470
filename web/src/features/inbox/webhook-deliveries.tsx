import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { Badge, QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { useToast } from '../../components/toast';

const TONE = { delivered: 'good', pending: 'info', failed: 'bad' } as const;

/** The delivery log of one endpoint: each event, its state, its attempts' status codes. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const key = ['webhook-deliveries', endpointId];
  const log = useQuery({ queryKey: key, queryFn: ({ signal }) => ok(client.GET('/webhooks/{id}/deliveries', { params: { path: { id: endpointId }, query: { limit: 25 } }, signal })), refetchInterval: 10_000 });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => ok(client.POST('/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { id: endpointId, deliveryId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: (err) => notify(err.message, 'error'),
  });
  if (!log.data) return <QueryStatus query={log} />;
  if (log.data.data.length === 0) return <p className="muted">{t('webhooks.noDeliveries')}</p>;
  return (
    <TableWrap label={t('webhooks.deliveries')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.event.label')}</th>
            <th scope="col">{t('webhooks.state')}</th>
            <th scope="col">{t('webhooks.attempts')}</th>
            <th scope="col">{t('webhooks.created')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {log.data.data.map((d) => (
            <tr key={d.id}>
              <td><code>{d.eventType}</code></td>
              <td>
                <Badge tone={TONE[d.status]}>{t(`webhooks.status.${d.status}`)}</Badge>
                {d.nextAttemptAt && d.status === 'pending' && <div className="muted">{t('webhooks.nextAttempt', { at: fmt.dateTime(d.nextAttemptAt) })}</div>}
              </td>
              <td>
                {d.attempts.map((a, i) => (
                  <div key={i} title={a.error ?? a.response ?? undefined}>
                    {fmt.dateTime(a.at)} · {a.statusCode ?? t('webhooks.noAnswer')} · {a.ms} ms{a.error ? ` · ${a.error}` : ''}
                  </div>
                ))}
              </td>
              <td>{fmt.dateTime(d.createdAt)}</td>
              <td className="cell-actions">
                {d.status === 'failed' && d.eventType !== 'webhook.test' && (
                  <button type="button" className="button button-small" onClick={() => retry.mutate(d.id)}>{t('webhooks.retry')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { Badge, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { settingsKeys, type Session } from './settings-api';
import { describeUserAgent } from './user-agent';
import { TableWrap } from '../../components/table-wrap';

function useDeviceName(): (s: Session) => string {
  const { t } = useTranslation();
  return (s) => {
    const { browser, os } = describeUserAgent(s.userAgent);
    if (browser && os) return t('sessions.browserOn', { browser, os });
    return browser ?? os ?? t('sessions.unknownDevice');
  };
}

/** Where the signed-in person is signed in, in every workspace; end one session or all the others. */
export default function SessionsSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const deviceName = useDeviceName();
  const sessions = useQuery({ queryKey: settingsKeys.sessions, queryFn: ({ signal }) => ok(client.GET('/auth/sessions', { signal })) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });

  const revoke = useMutation({
    mutationFn: (s: Session) => ok(client.DELETE('/auth/sessions/{id}', { params: { path: { id: s.id } } })),
    onSuccess: async (_none, s) => {
      await refresh();
      notify(t('sessions.revoked', { device: deviceName(s) }));
    },
    onError: (err) => notify(err.message, 'error'),
  });
  const revokeOthers = useMutation({
    mutationFn: () => ok(client.DELETE('/auth/sessions')),
    onSuccess: async ({ revoked }) => {
      await refresh();
      notify(t('sessions.othersRevoked', { count: revoked }));
    },
    onError: (err) => notify(err.message, 'error'),
  });

  const list = sessions.data?.data ?? [];
  const others = list.filter((s) => !s.current).length;
  const endOthers = others > 0 && (
    <ConfirmButton title={t('sessions.revokeOthersTitle')} message={t('sessions.revokeOthersMessage', { count: others })}
      confirmText={t('sessions.revokeOthers')} disabled={revokeOthers.isPending} onConfirm={() => revokeOthers.mutate()}>
      {t('sessions.revokeOthers')}
    </ConfirmButton>
  );
  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.sessions')} description={t('sessions.description')} actions={endOthers} />
      <QueryStatus query={sessions} />
      {list.length > 0 && (
        <TableWrap label={t('settings.sessions')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sessions.device')}</th>
                <th scope="col">{t('sessions.ip')}</th>
                <th scope="col">{t('sessions.signedIn')}</th>
                <th scope="col">{t('sessions.lastSeen')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span title={s.userAgent ?? undefined}>{deviceName(s)}</span>
                    {s.current && <> <Badge tone="good">{t('sessions.thisDevice')}</Badge></>}
                  </td>
                  <td>{s.ip ?? '—'}</td>
                  <td>{fmt.dateTime(s.createdAt)}</td>
                  <td>{fmt.dateTime(s.lastSeenAt)}</td>
                  <td className="cell-actions">
                    {!s.current && (
                      <ConfirmButton label={t('sessions.revokeNamed', { device: deviceName(s) })} title={t('sessions.revokeTitle')}
                        message={t('sessions.revokeMessage', { device: deviceName(s), ip: s.ip ?? '—' })} confirmText={t('sessions.revoke')}
                        disabled={revoke.isPending} onConfirm={() => revoke.mutate(s)}>
                        {t('sessions.revoke')}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

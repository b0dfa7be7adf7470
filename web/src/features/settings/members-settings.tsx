import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { grantableRoles, useCan, useSession, type Role } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { InvitationsPanel } from './invitations-panel';
import { RoleOptions } from './role-options';
import { settingsKeys } from './settings-api';
import { TableWrap } from '../../components/table-wrap';

export default function MembersSettings() {
  const { t } = useTranslation();
  const me = useSession();
  const canManage = useCan('members:manage');
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: settingsKeys.members, queryFn: ({ signal }) => ok(client.GET('/members', { signal })) });
  const roles = grantableRoles(me.role);

  const onError = (err: Error) => {
    notify(err.message, 'error');
    void queryClient.invalidateQueries({ queryKey: settingsKeys.members });
  };
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => ok(client.PATCH('/members/{userId}', { params: { path: { userId } }, body: { role } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: settingsKeys.members });
      notify(t('members.roleChanged'));
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => ok(client.DELETE('/members/{userId}', { params: { path: { userId } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: settingsKeys.members });
      notify(t('members.removed'));
    },
    onError,
  });

  return (
    <>
      <section className="panel">
        <PageHeader level={2} title={t('settings.members')} description={t('members.description')} />
        <QueryStatus query={members} />
        {members.data && members.data.data.length === 0 && <EmptyState level={3} icon="customers" title={t('members.empty')} />}
        {members.data && members.data.data.length > 0 && (
          <TableWrap label={t('settings.members')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('members.name')}</th>
                  <th scope="col">{t('members.email')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('members.joined')}</th>
                  {canManage && <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {members.data.data.map((m) => {
                  const isSelf = m.userId === me.user?.id;
                  // Only roles the caller may grant can be picked, and nobody can change a role above theirs.
                  const editable = canManage && !isSelf && roles.includes(m.role);
                  return (
                    <tr key={m.userId}>
                      <td>{m.name || '—'}{isSelf && <span className="muted"> ({t('members.you')})</span>}</td>
                      <td>{m.email}</td>
                      <td>
                        {editable ? (
                          <select aria-label={t('members.roleOf', { name: m.name || m.email })} value={m.role} disabled={changeRole.isPending}
                            onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}>
                            <RoleOptions />
                          </select>
                        ) : (
                          t(`roles.${m.role}`)
                        )}
                      </td>
                      <td>{fmt.date(m.createdAt)}</td>
                      {canManage && (
                        <td className="cell-actions">
                          {editable && (
                            <ConfirmButton label={t('members.removeNamed', { name: m.name || m.email })} title={t('members.removeTitle')}
                              message={t('members.removeMessage', { name: m.name || m.email })} confirmText={t('members.remove')}
                              onConfirm={() => remove.mutate(m.userId)}>
                              {t('members.remove')}
                            </ConfirmButton>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {canManage && <InvitationsPanel />}
    </>
  );
}

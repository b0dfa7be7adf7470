import type { FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { SelectField, TextField, formValues } from '../../components/field';
import { Badge, ProblemAlert, QueryStatus } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { RoleOptions } from './role-options';
import { roleOf } from '../../lib/session';
import { settingsKeys, type InvitationStatus } from './settings-api';
import { TableWrap } from '../../components/table-wrap';

const STATUS_TONE: Record<InvitationStatus, 'info' | 'good' | 'neutral' | 'warn'> = {
  pending: 'info',
  accepted: 'good',
  revoked: 'neutral',
  expired: 'warn',
};

/** Invite people by e-mail; the link in the message lets them join with their own password. */
export function InvitationsPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const invitations = useQuery({
    queryKey: settingsKeys.invitations,
    queryFn: ({ signal }) => ok(client.GET('/invitations', { signal })),
  });

  const invite = useMutation({
    // The role select offers only roles; anything else would fall to the least privileged one.
    mutationFn: (v: Record<string, string>) => ok(client.POST('/invitations', { body: { email: v.email, role: roleOf(v.role) ?? 'viewer' } })),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: settingsKeys.invitations });
      notify(t('invitations.sent', { email: created.email }));
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/invitations/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: settingsKeys.invitations });
      notify(t('invitations.revoked'));
    },
    onError: (err) => notify(err.message, 'error'),
  });

  const errors = fieldErrorsOf(invite.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    invite.mutate(formValues(form), { onSuccess: () => form.reset() });
  };

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title" className="section-title">{t('invitations.title')}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <TextField label={t('invitations.email')} name="email" type="email" autoComplete="off" required error={errors.email} />
        <SelectField label={t('invitations.role')} name="role" defaultValue="analyst" error={errors.role}>
          <RoleOptions />
        </SelectField>
        <button type="submit" className="button button-primary" disabled={invite.isPending}>{t('invitations.send')}</button>
      </form>
      <ProblemAlert error={invite.error} />
      <QueryStatus query={invitations} />
      {invitations.data && invitations.data.data.length === 0 && <p className="muted">{t('invitations.empty')}</p>}
      {invitations.data && invitations.data.data.length > 0 && (
        <TableWrap label={t('invitations.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('invitations.email')}</th>
                <th scope="col">{t('invitations.role')}</th>
                <th scope="col">{t('invitations.status')}</th>
                <th scope="col">{t('invitations.expires')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.data.map((inv) => (
                <tr key={inv.id}>
                  <td>{inv.email}</td>
                  <td>{t(`roles.${inv.role}`)}</td>
                  <td><Badge tone={STATUS_TONE[inv.status] ?? 'neutral'}>{t(`invitations.statuses.${inv.status}`, { defaultValue: inv.status })}</Badge></td>
                  <td>{fmt.dateTime(inv.expiresAt)}</td>
                  <td className="cell-actions">
                    {inv.status === 'pending' && (
                      <ConfirmButton label={t('invitations.revokeNamed', { email: inv.email })} title={t('invitations.revokeTitle')}
                        message={t('invitations.revokeMessage', { email: inv.email })} confirmText={t('invitations.revoke')}
                        onConfirm={() => revoke.mutate(inv.id)}>
                        {t('invitations.revoke')}
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

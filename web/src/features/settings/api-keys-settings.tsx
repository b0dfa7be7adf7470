import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { SelectField, TextField, formValues } from '../../components/field';
import { Badge, ProblemAlert, QueryStatus } from '../../components/feedback';
import { Icon } from '../../components/icon';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { RoleOptions } from './role-options';
import { roleOf } from '../../lib/session';
import { settingsKeys, type CreatedKey } from './settings-api';
import { TableWrap } from '../../components/table-wrap';

/** The secret of a new key: the server never shows it again, so say that plainly. */
function NewKeySecret({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="secret-box" role="region" aria-labelledby="new-key-title">
      <h3 id="new-key-title">{t('apiKeys.createdTitle', { name: created.name })}</h3>
      <p className="alert alert-warn">
        <Icon name="warning" size={18} />
        <span>{t('apiKeys.onceWarning')}</span>
      </p>
      <div className="secret-row">
        <code id="new-key-secret" className="secret" data-testid="api-key-secret">{created.key}</code>
        <CopyButton value={created.key} targetId="new-key-secret" />
      </div>
      <button type="button" className="button" onClick={onDone}>{t('apiKeys.done')}</button>
    </div>
  );
}

export default function ApiKeysSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const keys = useQuery({ queryKey: settingsKeys.apiKeys, queryFn: ({ signal }) => ok(client.GET('/api-keys', { signal })) });

  const create = useMutation({
    mutationFn: (v: Record<string, string>) => ok(client.POST('/api-keys', { body: { name: v.name, role: roleOf(v.role) } })),
    onSuccess: async (key) => {
      setCreated(key);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
      notify(t('apiKeys.revoked', { name: key.name }));
    },
    onError: (err) => notify(err.message, 'error'),
  });

  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(formValues(form), { onSuccess: () => form.reset() });
  };

  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.apiKeys')} description={t('apiKeys.description')} />
      {created ? (
        <NewKeySecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <form onSubmit={submit} noValidate className="inline-form" aria-label={t('apiKeys.create')}>
          <TextField label={t('apiKeys.name')} name="name" required maxLength={100} placeholder={t('apiKeys.namePlaceholder')} error={errors.name} />
          <SelectField label={t('apiKeys.role')} name="role" defaultValue="analyst" error={errors.role}>
            <RoleOptions />
          </SelectField>
          <button type="submit" className="button button-primary" disabled={create.isPending}>{t('apiKeys.create')}</button>
        </form>
      )}
      <ProblemAlert error={create.error} />
      <QueryStatus query={keys} />
      {keys.data && keys.data.data.length === 0 && <EmptyState level={3} icon="key" title={t('apiKeys.empty')}><p>{t('apiKeys.emptyText')}</p></EmptyState>}
      {keys.data && keys.data.data.length > 0 && (
        <TableWrap label={t('settings.apiKeys')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.role')}</th>
                <th scope="col">{t('apiKeys.created')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-muted' : undefined}>
                  <td>{k.name}</td>
                  <td><code>{`kunde_${k.prefix}_…`}</code></td>
                  <td>{t(`roles.${k.role}`)}</td>
                  <td>{fmt.dateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : t('apiKeys.never')}</td>
                  <td className="cell-actions">
                    {k.revokedAt ? (
                      <Badge>{t('apiKeys.revokedOn', { date: fmt.date(k.revokedAt) })}</Badge>
                    ) : (
                      <ConfirmButton label={t('apiKeys.revokeNamed', { name: k.name })} title={t('apiKeys.revokeTitle')}
                        message={t('apiKeys.revokeMessage', { name: k.name })} confirmText={t('apiKeys.revoke')}
                        onConfirm={() => revoke.mutate(k.id)}>
                        {t('apiKeys.revoke')}
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

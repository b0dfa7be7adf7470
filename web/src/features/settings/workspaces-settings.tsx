import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useSession } from '../../lib/session';
import { TextField, formValues } from '../../components/field';
import { Badge, ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useSwitchWorkspace } from '../../components/workspace-switcher';
import { TableWrap } from '../../components/table-wrap';

/** The workspaces the signed-in person belongs to: switch between them, or start a new one they own. */
export default function WorkspacesSettings() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const { switchTo, isSwitching } = useSwitchWorkspace();

  const create = useMutation({
    mutationFn: (name: string) => ok(client.POST('/workspaces', { body: { name } })),
    // A new workspace is empty; the person who made it wants to set it up now, so go there.
    onSuccess: async (workspace) => {
      if (await switchTo(workspace.id, workspace.name)) navigate('/settings/workspace');
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(formValues(e.currentTarget).name?.trim() ?? '');
  };
  const errors = fieldErrorsOf(create.error);

  return (
    <>
      <section className="panel">
        <PageHeader level={2} title={t('settings.workspaces')} description={t('workspaces.description')} />
        <TableWrap label={t('settings.workspaces')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('workspaces.name')}</th>
                <th scope="col">{t('workspaces.yourRole')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {me.workspaces.map((w) => (
                <tr key={w.id}>
                  <td>{w.name}</td>
                  <td>{t(`roles.${w.role}`)}</td>
                  <td className="cell-actions">
                    {w.id === me.workspaceId ? (
                      <Badge tone="good">{t('workspaces.current')}</Badge>
                    ) : (
                      <button type="button" className="button button-small" disabled={isSwitching} aria-label={t('workspaces.switchTo', { name: w.name })}
                        onClick={() => void switchTo(w.id, w.name)}>
                        {t('workspaces.switch')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="panel">
        <PageHeader level={2} title={t('workspaces.createTitle')} description={t('workspaces.createDescription')} />
        <form onSubmit={submit} noValidate className="form-grid">
          <ProblemAlert error={create.error} />
          <TextField label={t('workspaces.name')} name="name" required maxLength={120} autoComplete="organization" error={errors.name} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isPending || isSwitching}>{t('workspaces.create')}</button>
          </div>
        </form>
      </section>
    </>
  );
}

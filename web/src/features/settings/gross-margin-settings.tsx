import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { TextField, formValues } from '../../components/field';
import { LoadError, Loading, ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { settingsKeys } from './settings-api';

/** Percent as typed (a comma is a decimal mark too) → the API's fraction; null outside 0 < p ≤ 100. */
export function marginFromPercent(typed: string): number | null {
  const pct = Number(typed.trim().replace(',', '.'));
  if (typed.trim() === '' || !Number.isFinite(pct) || pct <= 0 || pct > 100) return null;
  return Math.round(pct * 100) / 10_000;
}

/** The gross margin CLV applies when a report names none (customer settings, admin only). */
export default function GrossMarginSettings() {
  const { t } = useTranslation();
  const canManage = useCan('workspace:manage');
  const queryClient = useQueryClient();
  const notify = useToast();
  const [invalid, setInvalid] = useState(false);
  const settings = useQuery({ queryKey: settingsKeys.customerSettings, queryFn: ({ signal }) => ok(client.GET('/customer-settings', { signal })) });
  const save = useMutation({
    mutationFn: (grossMargin: number) => ok(client.PATCH('/customer-settings', { body: { grossMargin } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(settingsKeys.customerSettings, updated);
      notify(t('workspaceSettings.grossMarginSaved'));
    },
  });

  const header = <PageHeader level={2} title={t('workspaceSettings.grossMarginTitle')} description={t('workspaceSettings.grossMarginDescription')} />;
  if (!settings.data) {
    return (
      <section className="panel">
        {header}
        {settings.isError ? <LoadError error={settings.error} onRetry={() => void settings.refetch()} /> : <Loading />}
      </section>
    );
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const margin = marginFromPercent(formValues(e.currentTarget).grossMargin ?? '');
    setInvalid(margin === null);
    if (margin !== null) save.mutate(margin);
  };
  const serverError = fieldErrorsOf(save.error).grossMargin;
  return (
    <section className="panel">
      {header}
      <form key={settings.data.grossMargin} onSubmit={submit} noValidate className="form-grid">
        <ProblemAlert error={save.error} />
        <fieldset disabled={!canManage || save.isPending}>
          <TextField label={t('workspaceSettings.grossMargin')} name="grossMargin" inputMode="decimal" defaultValue={String(Math.round(settings.data.grossMargin * 10_000) / 100)}
            hint={t('workspaceSettings.grossMarginHint')} error={invalid ? t('workspaceSettings.grossMarginInvalid') : serverError} />
        </fieldset>
        {canManage && (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
          </div>
        )}
      </form>
    </section>
  );
}

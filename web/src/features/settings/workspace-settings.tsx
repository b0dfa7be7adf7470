import { useMemo, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { meQuery, useCan } from '../../lib/session';
import { SelectField, TextField, formValues } from '../../components/field';
import { LoadError, Loading, ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { settingsKeys } from './settings-api';
import GrossMarginSettings from './gross-margin-settings';

// Languages offered for surveys and e-mails by default; any valid tag already set is kept.
const CONTENT_LANGUAGES = ['en', 'da', 'de', 'sv', 'nb', 'fi', 'nl', 'fr', 'es', 'it', 'pl', 'pt', 'tr', 'ar', 'zh', 'ja', 'ko'];

function withCurrent(values: string[], current: string): string[] {
  return values.includes(current) ? values : [current, ...values];
}

function displayName(locale: string, type: 'language' | 'currency', code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

export default function WorkspaceSettings() {
  const { t, i18n } = useTranslation();
  const canManage = useCan('workspace:manage');
  const canReadCustomers = useCan('customers:read');
  const queryClient = useQueryClient();
  const notify = useToast();
  const workspace = useQuery({ queryKey: settingsKeys.workspace, queryFn: ({ signal }) => ok(client.GET('/workspace', { signal })) });

  const save = useMutation({
    mutationFn: (v: Record<string, string>) =>
      ok(client.PATCH('/workspace', { body: { name: v.name, timeZone: v.timeZone, defaultLanguage: v.defaultLanguage, baseCurrency: v.baseCurrency } })),
    onSuccess: async (updated) => {
      queryClient.setQueryData(settingsKeys.workspace, updated);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notify(t('workspaceSettings.saved'));
    },
  });

  const timeZones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const currencies = useMemo(() => Intl.supportedValuesOf('currency'), []);

  const header = <PageHeader level={2} title={t('settings.workspace')} description={t('workspaceSettings.description')} />;
  if (!workspace.data) {
    return (
      <section className="panel">
        {header}
        {workspace.isError ? <LoadError error={workspace.error} onRetry={() => void workspace.refetch()} /> : <Loading />}
      </section>
    );
  }

  const ws = workspace.data;
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(formValues(e.currentTarget));
  };

  return (
    <>
    <section className="panel">
      {header}
      <form key={JSON.stringify(ws)} onSubmit={submit} noValidate className="form-grid">
        <ProblemAlert error={save.error} />
        <fieldset disabled={!canManage || save.isPending}>
          <TextField label={t('workspaceSettings.name')} name="name" defaultValue={ws.name} required maxLength={120} error={errors.name} />
          <SelectField label={t('workspaceSettings.timeZone')} name="timeZone" defaultValue={ws.timeZone} error={errors.timeZone}
            hint={t('workspaceSettings.timeZoneHint')}>
            {withCurrent(timeZones, ws.timeZone).map((tz) => (
              <option key={tz} value={tz}>{tz.replace(/_/g, ' ')}</option>
            ))}
          </SelectField>
          <SelectField label={t('workspaceSettings.defaultLanguage')} name="defaultLanguage" defaultValue={ws.defaultLanguage} error={errors.defaultLanguage}>
            {withCurrent(CONTENT_LANGUAGES, ws.defaultLanguage).map((l) => (
              <option key={l} value={l}>{`${displayName(i18n.language, 'language', l)} (${l})`}</option>
            ))}
          </SelectField>
          <SelectField label={t('workspaceSettings.baseCurrency')} name="baseCurrency" defaultValue={ws.baseCurrency} error={errors.baseCurrency}
            hint={t('workspaceSettings.baseCurrencyHint')}>
            {withCurrent(currencies, ws.baseCurrency).map((c) => (
              <option key={c} value={c}>{`${c} — ${displayName(i18n.language, 'currency', c)}`}</option>
            ))}
          </SelectField>
        </fieldset>
        {canManage ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
          </div>
        ) : (
          <p className="muted">{t('common.readOnly')}</p>
        )}
      </form>
    </section>
    {canReadCustomers && <GrossMarginSettings />}
    </>
  );
}

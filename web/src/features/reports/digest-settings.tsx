import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok, type ApiData } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { LoadError, Loading, ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { TableWrap } from '../../components/table-wrap';
import { useToast } from '../../components/toast';

type DigestSettings = ApiData<'get', '/reports/digest'>;
type Digest = ApiData<'get', '/reports/digest/preview'>;
const KEY = ['reports', 'digest'] as const;

function DigestForm({ settings }: { settings: DigestSettings }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [recipients, setRecipients] = useState<string[]>(settings.recipients);
  const save = useMutation({
    mutationFn: (body: { isEnabled: boolean; frequency: 'weekly' | 'monthly'; recipients: string[] }) => ok(client.PUT('/reports/digest', { body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(KEY, updated);
      notify(t('reports.digest.saved'));
    },
  });
  const send = useMutation({
    mutationFn: () => ok(client.POST('/reports/digest/send', { body: {} })),
    onSuccess: (r) => notify(t('reports.digest.sent', { count: r.sentTo.length })),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    save.mutate({ isEnabled: form.get('isEnabled') === 'on', frequency: form.get('frequency') === 'monthly' ? 'monthly' : 'weekly', recipients });
  };
  const toggle = (id: string, on: boolean) => setRecipients((r) => (on ? [...r, id] : r.filter((x) => x !== id)));
  return (
    <form onSubmit={submit} className="form-grid" aria-label={t('reports.digest.title')}>
      <label className="an-inline">
        <input type="checkbox" name="isEnabled" defaultChecked={settings.isEnabled} />
        {t('reports.digest.enabled')}
      </label>
      <div className="field">
        <label htmlFor="digest-frequency">{t('reports.digest.frequency')}</label>
        <select id="digest-frequency" name="frequency" defaultValue={settings.frequency}>
          <option value="weekly">{t('reports.digest.weekly')}</option>
          <option value="monthly">{t('reports.digest.monthly')}</option>
        </select>
      </div>
      <fieldset>
        <legend>{t('reports.digest.recipients')}</legend>
        {settings.members.map((m) => (
          <label key={m.userId} className="an-inline" style={{ display: 'flex' }}>
            <input type="checkbox" checked={recipients.includes(m.userId)} onChange={(e) => toggle(m.userId, e.target.checked)} />
            {m.name ? `${m.name} <${m.email}>` : m.email}
          </label>
        ))}
      </fieldset>
      <p className="muted small">
        {settings.lastSentAt ? t('reports.digest.lastSent', { date: fmt.dateTime(settings.lastSentAt), period: settings.lastSentPeriod ?? '' }) : t('reports.digest.neverSent')}
      </p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
        <button type="button" className="button" disabled={send.isPending || settings.recipients.length === 0} onClick={() => send.mutate()}>{t('reports.digest.sendNow')}</button>
      </div>
      <ProblemAlert error={save.error ?? send.error} />
    </form>
  );
}

function Preview({ frequency }: { frequency: 'weekly' | 'monthly' }) {
  const { t } = useTranslation();
  const preview = useQuery({ queryKey: [...KEY, 'preview', frequency], queryFn: ({ signal }) => ok(client.GET('/reports/digest/preview', { params: { query: { frequency } }, signal })) });
  if (!preview.data) return preview.isError ? <LoadError error={preview.error} /> : <Loading />;
  const d: Digest = preview.data;
  const show = (v: number | null) => (v === null ? '–' : String(v));
  return (
    <>
      <h3>{t('reports.digest.preview', { from: d.period.from, to: d.period.to })}</h3>
      <TableWrap label={t('reports.digest.headline')}>
        <table>
          <thead>
            <tr><th scope="col">{t('reports.digest.metric')}</th><th scope="col">{t('reports.digest.value')}</th><th scope="col">{t('reports.digest.previous')}</th><th scope="col">{t('reports.digest.change')}</th><th scope="col">n</th></tr>
          </thead>
          <tbody>
            {d.headline.map((h) => (
              <tr key={h.metric}><th scope="row">{t(`reports.digest.metrics.${h.metric}`)}</th><td>{show(h.value)}</td><td>{show(h.previous)}</td><td>{show(h.change)}</td><td>{h.n}</td></tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h3>{t('reports.digest.movers')}</h3>
      {d.movers.length === 0 ? <p className="muted">{t('reports.digest.noMovers')}</p> : (
        <ul>
          {d.movers.map((m) => <li key={`${m.metric}-${m.touchpoint}`}>{`${m.touchpoint} · ${t(`reports.digest.metrics.${m.metric}`)}: ${m.change > 0 ? '+' : ''}${m.change} (n = ${m.n})`}</li>)}
        </ul>
      )}
    </>
  );
}

/** Settings → Reports: the scheduled e-mail digest (on/off, weekly or monthly, which members), with a preview. */
export default function DigestSettingsSection() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: KEY, queryFn: ({ signal }) => ok(client.GET('/reports/digest', { signal })) });
  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.reports')} description={t('reports.digest.description')} />
      {settings.isError && <LoadError error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.isPending && <Loading />}
      {settings.data && (
        <>
          <DigestForm key={JSON.stringify(settings.data)} settings={settings.data} />
          <Preview frequency={settings.data.frequency} />
        </>
      )}
    </section>
  );
}

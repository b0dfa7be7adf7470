import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok, type ApiData, type ApiItem } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { SelectField, TextField } from '../../components/field';
import { Badge, ProblemAlert, QueryStatus } from '../../components/feedback';
import { Icon } from '../../components/icon';
import { PageHeader } from '../../components/page-header';
import { TableWrap } from '../../components/table-wrap';
import { useToast } from '../../components/toast';
import { WebhookDeliveries } from './webhook-deliveries';
import type { Inbox } from './inbox-api';
import './inbox.css';

type Webhook = ApiItem<'/webhooks'>;
type Created = ApiData<'post', '/webhooks'>;
type NewWebhook = Pick<Webhook, 'url' | 'description' | 'events' | 'messageDirection' | 'inboxIds'>;
const DIRECTIONS = ['in', 'out'] as const satisfies readonly NonNullable<Webhook['messageDirection']>[];
const KEY = ['webhooks'] as const;

/** The secret is shown once: say so plainly, and offer a copy button. */
function SecretBox({ created, onDone }: { created: Created; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="secret-box" role="region" aria-labelledby="webhook-secret-title">
      <h3 id="webhook-secret-title">{t('webhooks.secretTitle', { url: created.url })}</h3>
      <p className="alert alert-warn">
        <Icon name="warning" size={18} />
        <span>{t('webhooks.secretOnce')}</span>
      </p>
      <div className="secret-row">
        <code id="webhook-secret" className="secret" data-testid="webhook-secret">{created.secret}</code>
        <CopyButton value={created.secret} targetId="webhook-secret" />
      </div>
      <button type="button" className="button" onClick={onDone}>{t('webhooks.done')}</button>
    </div>
  );
}

/** Settings → Webhooks: signed calls to other systems on new messages and conversations. */
export default function WebhooksSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Created | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: KEY, queryFn: ({ signal }) => ok(client.GET('/webhooks', { signal })) });
  const inboxes = useQuery({ queryKey: ['inboxes'], queryFn: ({ signal }) => ok(client.GET('/inboxes', { signal })) });
  const inboxName = (id: string) => inboxes.data?.data.find((i: Inbox) => i.id === id)?.name ?? id;
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });

  const create = useMutation({
    mutationFn: (b: NewWebhook) => ok(client.POST('/webhooks', { body: b })),
    onSuccess: async (w) => {
      setCreated(w);
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (w: Webhook) => ok(client.PATCH('/webhooks/{id}', { params: { path: { id: w.id } }, body: { isEnabled: !w.isEnabled } })),
    onSuccess: () => refresh(),
    onError: (err) => notify(err.message, 'error'),
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => refresh(),
    onError: (err) => notify(err.message, 'error'),
  });
  const rotate = useMutation({
    mutationFn: (id: string) => ok(client.POST('/webhooks/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: async (w) => {
      setCreated(w);
      await refresh();
    },
    onError: (err) => notify(err.message, 'error'),
  });
  const test = useMutation({
    mutationFn: (id: string) => ok(client.POST('/webhooks/{id}/test', { params: { path: { id } } })),
    onSuccess: async (d) => {
      const code = d.lastStatusCode ?? '—';
      notify(d.status === 'delivered' ? t('webhooks.testOk', { code }) : t('webhooks.testFailed', { code, error: d.attempts.at(-1)?.error ?? '' }), d.status === 'delivered' ? 'success' : 'error');
      await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', d.endpointId] });
    },
    onError: (err) => notify(err.message, 'error'),
  });

  const errors = fieldErrorsOf(create.error);
  const events = list.data?.events ?? [];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const chosen = events.filter((ev) => data.get(`event-${ev}`) === 'on');
    const direction = DIRECTIONS.find((d) => d === data.get('messageDirection')) ?? null;
    const inboxIds = (inboxes.data?.data ?? []).filter((i) => data.get(`inbox-${i.id}`) === 'on').map((i) => i.id);
    create.mutate({ url: String(data.get('url') ?? ''), description: String(data.get('description') ?? ''), events: chosen, messageDirection: direction, inboxIds }, { onSuccess: () => form.reset() });
  };

  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.webhooks')} description={t('webhooks.description')} />
      {created ? (
        <SecretBox created={created} onDone={() => setCreated(null)} />
      ) : (
        <form onSubmit={submit} noValidate className="form-grid" aria-label={t('webhooks.create')}>
          <TextField label={t('webhooks.url')} name="url" type="url" required maxLength={2000} placeholder="https://example.com/kunde-events" error={errors.url} />
          <TextField label={t('webhooks.descriptionField')} name="description" maxLength={200} error={errors.description} />
          <fieldset className="webhook-events">
            <legend>{t('webhooks.events')}</legend>
            {events.map((ev) => (
              <label key={ev}>
                <input type="checkbox" name={`event-${ev}`} defaultChecked />
                <span><code>{ev}</code> — {t(`webhooks.event.${ev}`)}</span>
              </label>
            ))}
            {errors.events && <p className="field-error">{errors.events}</p>}
          </fieldset>
          <SelectField label={t('webhooks.direction')} name="messageDirection" hint={t('webhooks.directionHint')} error={errors.messageDirection} defaultValue="">
            <option value="">{t('webhooks.directionAll')}</option>
            {DIRECTIONS.map((d) => <option key={d} value={d}>{t(`webhooks.directionOf.${d}`)}</option>)}
          </SelectField>
          <fieldset className="webhook-events">
            <legend>{t('webhooks.inboxes')}</legend>
            <p className="muted">{t('webhooks.inboxesHint')}</p>
            {(inboxes.data?.data ?? []).map((i) => (
              <label key={i.id}>
                <input type="checkbox" name={`inbox-${i.id}`} />
                <span>{i.name} <code>{i.channel}</code></span>
              </label>
            ))}
            {errors.inboxIds && <p className="field-error">{errors.inboxIds}</p>}
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isPending}>{t('webhooks.create')}</button>
          </div>
        </form>
      )}
      <ProblemAlert error={create.error} />
      <QueryStatus query={list} />
      {list.data && list.data.data.length === 0 && <EmptyState level={3} icon="key" title={t('webhooks.empty')}><p>{t('webhooks.emptyText')}</p></EmptyState>}
      {list.data && list.data.data.length > 0 && (
        <TableWrap label={t('settings.webhooks')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.events')}</th>
                <th scope="col">{t('webhooks.state')}</th>
                <th scope="col">{t('webhooks.created')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((w) => (
                <WebhookRow key={w.id} w={w} inboxName={inboxName} isOpen={open === w.id} onOpen={() => setOpen(open === w.id ? null : w.id)}
                  created={fmt.dateTime(w.createdAt)}
                  actions={
                    <>
                      <button type="button" className="button button-small" onClick={() => test.mutate(w.id)} disabled={test.isPending}>{t('webhooks.test')}</button>
                      <button type="button" className="button button-small" onClick={() => toggle.mutate(w)}>{w.isEnabled ? t('webhooks.disable') : t('webhooks.enable')}</button>
                      <ConfirmButton label={t('webhooks.rotateNamed', { url: w.url })} title={t('webhooks.rotateTitle')} message={t('webhooks.rotateMessage')} confirmText={t('webhooks.rotate')} onConfirm={() => rotate.mutate(w.id)}>
                        {t('webhooks.rotate')}
                      </ConfirmButton>
                      <ConfirmButton label={t('webhooks.deleteNamed', { url: w.url })} title={t('webhooks.deleteTitle')} message={t('webhooks.deleteMessage', { url: w.url })} confirmText={t('webhooks.delete')} onConfirm={() => remove.mutate(w.id)}>
                        {t('webhooks.delete')}
                      </ConfirmButton>
                    </>
                  } />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function WebhookRow({ w, inboxName, isOpen, onOpen, created, actions }: { w: Webhook; inboxName: (id: string) => string; isOpen: boolean; onOpen: () => void; created: string; actions: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <tr className={w.isEnabled ? undefined : 'row-muted'}>
        <td>
          <code className="webhook-url">{w.url}</code>
          {w.description && <div className="muted">{w.description}</div>}
          <div className="muted">{t('webhooks.secretHint', { hint: w.secretHint })}</div>
        </td>
        <td>
          {w.events.map((e) => <div key={e}><code>{e}</code></div>)}
          {w.messageDirection && <div className="muted">{t(`webhooks.directionOf.${w.messageDirection}`)}</div>}
          {w.inboxIds.length > 0 && <div className="muted">{t('webhooks.onlyInboxes', { names: w.inboxIds.map(inboxName).join(', ') })}</div>}
        </td>
        <td><Badge tone={w.isEnabled ? 'good' : 'neutral'}>{w.isEnabled ? t('webhooks.enabled') : t('webhooks.disabled')}</Badge></td>
        <td>{created}</td>
        <td className="cell-actions">
          <button type="button" className="button button-small" aria-expanded={isOpen} onClick={onOpen}>{t('webhooks.deliveries')}</button>
          {actions}
        </td>
      </tr>
      {isOpen && (
        <tr>
          <td colSpan={5}><WebhookDeliveries endpointId={w.id} /></td>
        </tr>
      )}
    </>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, QueryStatus } from '../../components/feedback';
import { CopyButton } from '../../components/copy-button';
import { useToast } from '../../components/toast';
import { client, fieldErrorsOf, ok, type ApiData } from '../../lib/api';
import { fetchInboxes, inboxKeys } from './inbox-api';
import './inbox.css';

type ChatSettings = ApiData<'get', '/inboxes/{id}/chat'>;
interface Draft { color: string; greetings: { lang: string; text: string }[]; businessHoursOnly: boolean; transcriptOnResolve: boolean; requireIdentityHash: boolean }
const toDraft = (s: ChatSettings): Draft => ({
  color: s.color,
  greetings: Object.entries(s.greetings).map(([lang, text]) => ({ lang, text })),
  businessHoursOnly: s.businessHoursOnly,
  transcriptOnResolve: s.transcriptOnResolve,
  requireIdentityHash: s.requireIdentityHash,
});

/** Settings → Website chat: create the chat inbox, its look and greetings, availability, and the snippet to paste. */
export default function ChatSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inboxes = useQuery({ queryKey: inboxKeys.inboxes, queryFn: ({ signal }) => fetchInboxes(signal) });
  const chats = (inboxes.data?.data ?? []).filter((i) => i.type === 'chat');
  const [picked, setPicked] = useState<string>();
  const selected = chats.find((c) => c.id === picked) ?? chats[0];
  const create = useMutation({
    mutationFn: () => ok(client.POST('/inboxes', { body: { type: 'chat', name: t('inbox.chat.defaultName') } })),
    onSuccess: (inbox) => {
      setPicked(inbox.id);
      void queryClient.invalidateQueries({ queryKey: inboxKeys.inboxes });
    },
  });
  return (
    <>
      <PageHeader level={2} title={t('inbox.chat.title')} description={t('inbox.chat.description')}
        actions={<button type="button" className="button button-primary" onClick={() => create.mutate()} disabled={create.isPending}>{t('inbox.chat.create')}</button>} />
      <ProblemAlert error={create.error} />
      <QueryStatus query={inboxes} />
      {inboxes.data && chats.length === 0 && <p className="muted">{t('inbox.chat.empty')}</p>}
      {chats.length > 1 && (
        <div className="field">
          <label htmlFor="chat-inbox">{t('inbox.chat.inbox')}</label>
          <select id="chat-inbox" value={selected?.id} onChange={(e) => setPicked(e.target.value)}>
            {chats.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
      )}
      {selected && <ChatInboxSettings key={selected.id} id={selected.id} />}
    </>
  );
}

function ChatInboxSettings({ id }: { id: string }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const key = ['inbox', 'chat', id];
  const settings = useQuery({ queryKey: key, queryFn: ({ signal }) => ok(client.GET('/inboxes/{id}/chat', { params: { path: { id } }, signal })) });
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    if (settings.data && !draft) setDraft(toDraft(settings.data));
  }, [settings.data, draft]);
  const save = useMutation({
    mutationFn: (d: Draft) =>
      ok(client.PATCH('/inboxes/{id}/chat', {
        params: { path: { id } },
        body: { ...d, greetings: Object.fromEntries(d.greetings.filter((g) => g.lang.trim() && g.text.trim()).map((g) => [g.lang.trim(), g.text.trim()])) },
      })),
    onSuccess: (s) => {
      queryClient.setQueryData(key, s);
      setDraft(toDraft(s));
      notify(t('inbox.chat.saved'));
    },
  });
  const errors = fieldErrorsOf(save.error);
  if (!settings.data || !draft) return <QueryStatus query={settings} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const setGreeting = (i: number, patch: Partial<Draft['greetings'][number]>) => setDraft({ ...draft, greetings: draft.greetings.map((g, k) => (k === i ? { ...g, ...patch } : g)) });
  const check = (name: 'businessHoursOnly' | 'transcriptOnResolve' | 'requireIdentityHash') => (
    <label className="checkbox">
      <input type="checkbox" checked={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.checked })} /> {t(`inbox.chat.${name}`)}
    </label>
  );
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="chat-snippet-title">
        <h3 id="chat-snippet-title">{t('inbox.chat.snippet')}</h3>
        <p className="muted">{t('inbox.chat.snippetHint')}</p>
        <pre id="chat-snippet" className="chat-snippet">{settings.data.snippet}</pre>
        <div><CopyButton value={settings.data.snippet} targetId="chat-snippet" /></div>
      </section>
      <form className="card stack" onSubmit={submit} aria-label={t('inbox.chat.title')}>
        <div className={`field${errors.color ? ' field-invalid' : ''}`}>
          <label htmlFor="chat-color">{t('inbox.chat.color')}</label>
          <input id="chat-color" type="color" value={draft.color} onChange={(e) => setDraft({ ...draft, color: e.target.value })} />
          {errors.color && <p className="field-error">{errors.color}</p>}
        </div>
        <fieldset className="stack">
          <legend>{t('inbox.chat.greetings')}</legend>
          {draft.greetings.map((g, i) => (
            <div key={i} className="field">
              <label htmlFor={`chat-lang-${i}`}>{t('inbox.chat.language')}</label>
              <input id={`chat-lang-${i}`} value={g.lang} onChange={(e) => setGreeting(i, { lang: e.target.value })} required size={8} />
              <label htmlFor={`chat-greeting-${i}`}>{t('inbox.chat.greeting')}</label>
              <input id={`chat-greeting-${i}`} value={g.text} onChange={(e) => setGreeting(i, { text: e.target.value })} required maxLength={300} />
              <button type="button" className="button button-small button-danger-ghost" onClick={() => setDraft({ ...draft, greetings: draft.greetings.filter((_, k) => k !== i) })}>
                {t('inbox.chat.removeLanguage')}
              </button>
            </div>
          ))}
          {errors.greetings && <p className="field-error">{errors.greetings}</p>}
          <div><button type="button" className="button" onClick={() => setDraft({ ...draft, greetings: [...draft.greetings, { lang: '', text: '' }] })}>{t('inbox.chat.addLanguage')}</button></div>
        </fieldset>
        {check('businessHoursOnly')}
        <p className="muted">{t('inbox.chat.availabilityHint')}</p>
        {check('transcriptOnResolve')}
        {check('requireIdentityHash')}
        <div className="field">
          <span id="chat-secret-label">{t('inbox.chat.identitySecret')}</span>
          <code id="chat-secret" aria-labelledby="chat-secret-label">{settings.data.identitySecret}</code>
          <div><CopyButton value={settings.data.identitySecret} targetId="chat-secret" /></div>
        </div>
        <ProblemAlert error={save.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
        </div>
      </form>
    </div>
  );
}

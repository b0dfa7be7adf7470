import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, QueryStatus } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { fetchCannedReplies, inboxKeys, type CannedReply } from './inbox-api';
import './inbox.css';

interface Draft { id?: string; name: string; bodies: { lang: string; text: string }[] }
const empty = (): Draft => ({ name: '', bodies: [{ lang: 'en', text: '' }] });
const toDraft = (r: CannedReply): Draft => ({ id: r.id, name: r.name, bodies: Object.entries(r.bodies).map(([lang, text]) => ({ lang, text })) });

/** Settings → Canned replies: saved answers with placeholders, one text per language. */
export default function CannedRepliesSettings() {
  const { t } = useTranslation();
  const notify = useToast();
  const canManage = useCan('inbox:manage');
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: inboxKeys.canned, queryFn: ({ signal }) => fetchCannedReplies(signal) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useMutation({
    mutationFn: (d: Draft) => {
      const body = { name: d.name, bodies: Object.fromEntries(d.bodies.filter((b) => b.lang.trim()).map((b) => [b.lang.trim(), b.text])) };
      return d.id ? ok(client.PATCH('/canned-replies/{id}', { params: { path: { id: d.id } }, body })) : ok(client.POST('/canned-replies', { body }));
    },
    onSuccess: () => {
      setDraft(null);
      notify(t('inbox.canned.saved'));
      void queryClient.invalidateQueries({ queryKey: inboxKeys.canned });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/canned-replies/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inboxKeys.canned }),
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate(draft);
  };
  const setBody = (i: number, patch: Partial<Draft['bodies'][number]>) => draft && setDraft({ ...draft, bodies: draft.bodies.map((b, k) => (k === i ? { ...b, ...patch } : b)) });
  return (
    <>
      <PageHeader level={2} title={t('inbox.canned.title')} description={t('inbox.canned.description', { placeholders: (list.data?.placeholders ?? []).map((p) => `{{${p}}}`).join(' ') })}
        actions={canManage && !draft ? <button type="button" className="button button-primary" onClick={() => { save.reset(); setDraft(empty()); }}>{t('inbox.canned.new')}</button> : undefined} />
      {draft && (
        <form className="card stack" onSubmit={submit} aria-label={t('inbox.canned.editor')}>
          <div className={`field${errors.name ? ' field-invalid' : ''}`}>
            <label htmlFor="canned-name">{t('inbox.canned.name')}</label>
            <input id="canned-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required maxLength={120} />
            {errors.name && <p className="field-error">{errors.name}</p>}
          </div>
          <div className="canned-bodies">
            {draft.bodies.map((b, i) => (
              <div key={i} className="field">
                <label htmlFor={`canned-lang-${i}`}>{t('inbox.canned.language')}</label>
                <input id={`canned-lang-${i}`} value={b.lang} onChange={(e) => setBody(i, { lang: e.target.value })} required size={8} />
                <label htmlFor={`canned-text-${i}`}>{t('inbox.canned.text')}</label>
                <textarea id={`canned-text-${i}`} rows={4} value={b.text} onChange={(e) => setBody(i, { text: e.target.value })} required />
                {draft.bodies.length > 1 && (
                  <button type="button" className="button button-small button-danger-ghost" onClick={() => setDraft({ ...draft, bodies: draft.bodies.filter((_, k) => k !== i) })}>
                    {t('inbox.canned.removeLanguage')}
                  </button>
                )}
              </div>
            ))}
          </div>
          <ProblemAlert error={save.error} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setDraft({ ...draft, bodies: [...draft.bodies, { lang: '', text: '' }] })}>{t('inbox.canned.addLanguage')}</button>
            <button type="button" className="button" onClick={() => setDraft(null)}>{t('common.cancel')}</button>
            <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
          </div>
        </form>
      )}
      <QueryStatus query={list} />
      {list.data && list.data.data.length === 0 && <p className="muted">{t('inbox.canned.empty')}</p>}
      <ul className="stack">
        {list.data?.data.map((r) => (
          <li key={r.id} className="card">
            <h3>{r.name}</h3>
            {Object.entries(r.bodies).map(([lang, text]) => (
              <p key={lang} className="inbox-message-text"><strong>{lang}</strong>: {text}</p>
            ))}
            {canManage && (
              <div className="form-actions">
                <button type="button" className="button button-small" onClick={() => { save.reset(); setDraft(toDraft(r)); }}>{t('inbox.canned.edit')}</button>
                <button type="button" className="button button-small button-danger-ghost" onClick={() => remove.mutate(r.id)}>{t('inbox.canned.delete')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ProblemAlert error={remove.error} />
    </>
  );
}

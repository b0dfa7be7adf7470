import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok, type ApiData } from '../../lib/api';
import { useCan } from '../../lib/session';
import { ConfirmButton } from '../../components/confirm-button';
import { TextField } from '../../components/field';
import { Badge, ProblemAlert, QueryStatus } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { textKeys } from './text-api';
import { BackfillButton } from './backfill-button';

type Category = ApiData<'get', '/text/categories'>['data'][number];
const categoriesKey = [...textKeys.all, 'categories'] as const;

/** Rules as people write them: one language a line, "da: levering, pakke, fragt" ("any" for every language). */
export function rulesToText(rules: Record<string, string[]>): string {
  return Object.entries(rules).map(([lang, words]) => `${lang}: ${words.join(', ')}`).join('\n');
}

export function textToRules(text: string): Record<string, string[]> {
  const rules: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at < 0) continue;
    const lang = line.slice(0, at).trim().toLowerCase();
    const words = line.slice(at + 1).split(',').map((w) => w.trim()).filter(Boolean);
    if (lang && words.length) rules[lang] = [...(rules[lang] ?? []), ...words];
  }
  return rules;
}

/** One category's form: new (with a key) or an edit of label and rules. */
function CategoryForm({ category, onDone }: { category?: Category; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const rulesId = useId();
  const [rules, setRules] = useState(category ? rulesToText(category.rules) : '');
  const save = useMutation({
    mutationFn: (v: { key: string; label: string }) =>
      category
        ? ok(client.PATCH('/text/categories/{key}', { params: { path: { key: category.key } }, body: { label: v.label, rules: textToRules(rules) } }))
        : ok(client.POST('/text/categories', { body: { key: v.key, label: v.label, rules: textToRules(rules) } })),
    onSuccess: async () => {
      notify(t('feedback.categories.saved'));
      await queryClient.invalidateQueries({ queryKey: categoriesKey });
      onDone();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    save.mutate({ key: String(form.get('key') ?? ''), label: String(form.get('label') ?? '') });
  };
  return (
    <form className="fb-category-form" onSubmit={onSubmit}>
      {!category && <TextField label={t('feedback.categories.key')} name="key" required pattern="[a-z0-9][a-z0-9_\-]{0,47}" hint={t('feedback.categories.keyHint')} error={errors.key} />}
      <TextField label={t('feedback.categories.name')} name="label" required maxLength={100} defaultValue={category?.label} error={errors.label} />
      <div className="field">
        <label htmlFor={rulesId}>{t('feedback.categories.rules')}</label>
        <textarea id={rulesId} rows={5} value={rules} onChange={(e) => setRules(e.target.value)} aria-describedby={`${rulesId}-hint`} placeholder="en: late, delivery time&#10;da: levering, forsinket&#10;zh: 配送, 快递" />
        <p id={`${rulesId}-hint`} className="field-hint">{t('feedback.categories.rulesHint')}</p>
      </div>
      <ProblemAlert error={save.error} />
      <div className="fb-actions">
        <button type="submit" className="button button-primary button-small" disabled={save.isPending}>{t('feedback.categories.save')}</button>
        <button type="button" className="button button-small" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** The workspace's categories (themes) with their keyword rules per language; changes re-tag stored texts. */
export default function CategoriesView() {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('text:manage');
  const [editing, setEditing] = useState<string | null>(null);
  const list = useQuery({ queryKey: categoriesKey, queryFn: ({ signal }) => ok(client.GET('/text/categories', { signal })) });
  const remove = useMutation({
    mutationFn: (key: string) => ok(client.DELETE('/text/categories/{key}', { params: { path: { key } } })),
    onSuccess: async () => {
      notify(t('feedback.categories.deleted'));
      await queryClient.invalidateQueries({ queryKey: categoriesKey });
    },
    onError: (err) => notify(err.message, 'error'),
  });
  return (
    <section className="card fb-card" aria-labelledby="fb-categories-title">
      <div className="fb-card-head">
        <h2 id="fb-categories-title" className="card-title">{t('feedback.categories.title')}</h2>
        {canManage && editing !== '' && <button type="button" className="button button-small" onClick={() => setEditing('')}>{t('feedback.categories.add')}</button>}
      </div>
      <p className="muted">{t('feedback.categories.help')}</p>
      <BackfillButton />
      {editing === '' && <CategoryForm onDone={() => setEditing(null)} />}
      <QueryStatus query={list} />
      <ul className="fb-categories">
        {list.data?.data.map((c) => (
          <li key={c.key} className="fb-category">
            {editing === c.key ? (
              <CategoryForm category={c} onDone={() => setEditing(null)} />
            ) : (
              <>
                <div className="fb-category-head">
                  <h3>{c.label}</h3>
                  <code className="small">{c.key}</code>
                  {c.isReadyMade && <Badge>{t('feedback.categories.readyMade')}</Badge>}
                  {canManage && (
                    <span className="fb-category-actions">
                      <button type="button" className="button button-small" aria-label={t('feedback.categories.editNamed', { name: c.label })} onClick={() => setEditing(c.key)}>{t('feedback.categories.edit')}</button>
                      <ConfirmButton label={t('feedback.categories.deleteNamed', { name: c.label })} title={t('feedback.categories.deleteTitle', { name: c.label })}
                        message={t('feedback.categories.deleteText')} confirmText={t('feedback.categories.delete')} onConfirm={() => remove.mutate(c.key)}>
                        {t('feedback.categories.delete')}
                      </ConfirmButton>
                    </span>
                  )}
                </div>
                <dl className="fb-rules">
                  {Object.entries(c.rules).map(([lang, words]) => (
                    <div key={lang}><dt>{lang}</dt><dd>{words.join(', ')}</dd></div>
                  ))}
                </dl>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { ConfirmButton } from '../../components/confirm-button';
import { TextField } from '../../components/field';
import { LoadError, Loading, ProblemAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { asGroup, EMPTY_RULE, type Group } from '../segments/rule-model';
import { RuleBuilder } from '../segments/rule-builder';
import { LiveCount } from '../segments/live-count';
import { useRuleContext } from '../segments/segment-editor';
import { AvatarPicker } from './avatar-picker';
import { CHANNELS, DEMOGRAPHIC_KEYS, personaKeys, type PersonaInput } from './personas-api';
import './personas.css';

const EMPTY: PersonaInput = { name: '', description: '', avatar: 'preset:explorer', demographics: {}, goals: [], motivations: [], painPoints: [], preferredChannels: [], rules: EMPTY_RULE as Record<string, unknown> };
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function ListField({ label, hint, value, onChange }: { label: string; hint: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join('\n'));
  useEffect(() => setText(value.join('\n')), [value]);
  const id = `persona-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} onBlur={() => onChange(lines(text))} aria-describedby={`${id}-hint`} />
      <p className="field-hint" id={`${id}-hint`}>{hint}</p>
    </div>
  );
}

/** Create or edit a persona: who they are, what drives them, and the rule that finds them. */
export default function PersonaEditor() {
  const { t } = useTranslation();
  const { personaId } = useParams();
  const navigate = useNavigate();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('segments:manage');
  const ctx = useRuleContext();
  const existing = useQuery({
    queryKey: personaKeys.detail(personaId ?? 'new'),
    queryFn: ({ signal }) => ok(client.GET('/personas/{id}', { params: { path: { id: personaId ?? '' } }, signal })),
    enabled: Boolean(personaId),
  });
  const [form, setForm] = useState<PersonaInput>(EMPTY);
  const [rule, setRule] = useState<Group>(asGroup(EMPTY_RULE));
  const [loadedId, setLoadedId] = useState<string | null>(null);
  useEffect(() => {
    const p = existing.data;
    if (p && p.id !== loadedId) {
      const { id: _id, matchedCount: _m, share: _s, countedAt: _c, createdAt: _a, updatedAt: _u, ...input } = p;
      setForm(input);
      setRule(asGroup(p.rules));
      setLoadedId(p.id);
    }
  }, [existing.data, loadedId]);
  const set = <K extends keyof PersonaInput>(key: K, value: PersonaInput[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: (body: PersonaInput) =>
      personaId ? ok(client.PATCH('/personas/{id}', { params: { path: { id: personaId } }, body })) : ok(client.POST('/personas', { body })),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: personaKeys.all });
      notify(t('personas.saved', { name: p.name }));
      navigate('/customers/personas');
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(client.DELETE('/personas/{id}', { params: { path: { id: personaId ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: personaKeys.all });
      notify(t('personas.deleted', { name: form.name }));
      navigate('/customers/personas');
    },
    onError: (err) => notify(err.message, 'error'),
  });

  if (personaId && existing.isPending) return <Loading />;
  if (personaId && existing.isError) return <LoadError error={existing.error} onRetry={() => void existing.refetch()} />;
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const demographics = Object.fromEntries(Object.entries(form.demographics).filter(([, v]) => v && v.trim() !== ''));
    save.mutate({ ...form, name: form.name.trim(), demographics, rules: rule as Record<string, unknown> });
  };

  return (
    <>
      <Link to="/customers/personas" className="back-link">← {t('personas.back')}</Link>
      <PageHeader title={personaId ? form.name || t('personas.title') : t('personas.new')}
        actions={personaId && canManage && (
          <ConfirmButton title={t('personas.deleteTitle')} message={t('personas.deleteMessage', { name: form.name })} confirmText={t('personas.delete')} onConfirm={() => remove.mutate()}>
            {t('personas.delete')}
          </ConfirmButton>
        )} />
      <form className="editor-layout" onSubmit={submit} noValidate>
        <div className="panel editor-main">
          <fieldset disabled={!canManage}>
            <div className="editor-fields">
              <TextField label={t('personas.name')} name="name" required maxLength={120} value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} />
              <div className="field">
                <label htmlFor="persona-description">{t('personas.descriptionLabel')}</label>
                <textarea id="persona-description" rows={3} maxLength={4000} value={form.description} onChange={(e) => set('description', e.target.value)} />
              </div>
            </div>
            <AvatarPicker value={form.avatar} name={form.name} onChange={(v) => set('avatar', v)} error={errors.avatar} />
            <h2 className="section-title section-title-spaced">{t('personas.demographicsTitle')}</h2>
            <div className="demographics-grid">
              {DEMOGRAPHIC_KEYS.map((k) => (
                <TextField key={k} label={t(`personas.demographics.${k}`)} name={k} maxLength={200} value={form.demographics[k] ?? ''}
                  onChange={(e) => set('demographics', { ...form.demographics, [k]: e.target.value })} />
              ))}
            </div>
            <div className="persona-lists">
              <ListField label={t('personas.goals')} hint={t('personas.onePerLine')} value={form.goals} onChange={(v) => set('goals', v)} />
              <ListField label={t('personas.motivations')} hint={t('personas.onePerLine')} value={form.motivations} onChange={(v) => set('motivations', v)} />
              <ListField label={t('personas.painPoints')} hint={t('personas.onePerLine')} value={form.painPoints} onChange={(v) => set('painPoints', v)} />
            </div>
            <fieldset className="channel-choices">
              <legend>{t('personas.preferredChannels')}</legend>
              {CHANNELS.map((c) => (
                <label key={c} className="choice">
                  <input type="checkbox" checked={form.preferredChannels.includes(c)}
                    onChange={(e) => set('preferredChannels', e.target.checked ? [...form.preferredChannels, c] : form.preferredChannels.filter((x) => x !== c))} />
                  {t(`timeline.channels.${c}`)}
                </label>
              ))}
            </fieldset>
            <h2 className="section-title section-title-spaced">{t('personas.rule')}</h2>
            <p className="muted small">{t('personas.ruleText')}</p>
            <RuleBuilder rule={rule} onChange={setRule} ctx={ctx} />
          </fieldset>
          <ProblemAlert error={save.error} />
          {canManage && (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={save.isPending || form.name.trim() === ''}>
                {personaId ? t('common.save') : t('personas.create')}
              </button>
            </div>
          )}
        </div>
        <div className="editor-side">
          <LiveCount rule={rule} />
        </div>
      </form>
    </>
  );
}

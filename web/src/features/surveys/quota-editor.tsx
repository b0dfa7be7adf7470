import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { surveyKeys, type Survey } from './surveys-api';

type Settings = Survey['settings'];
type Quota = Settings['quotas'][number];
type Condition = Quota['when']['conditions'][number];
type Op = Condition['op'];

/** Tests that make sense on a hidden field (always text) and on a score. */
const TEXT_OPS: Op[] = ['eq', 'neq', 'in', 'not_in', 'contains', 'answered', 'not_answered'];
const SCORE_OPS: Op[] = ['eq', 'neq', 'lte', 'gte', 'lt', 'gt', 'in', 'answered', 'not_answered'];
const SCORED = new Set(['nps', 'csat', 'ces', 'rating']);

/** The value as the API takes it: lists for in/not_in, numbers for scores, nothing for (not_)answered. */
function parseValue(op: Op, raw: string, isScore: boolean): Condition['value'] {
  if (op === 'answered' || op === 'not_answered') return undefined;
  const one = (v: string) => (isScore && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v.trim());
  return op === 'in' || op === 'not_in' ? raw.split(',').map(one).filter((v) => v !== '') : one(raw);
}
const showValue = (v: Condition['value']) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

/**
 * Quotas (at most N finished responses matching answers or hidden fields; then end those respondents or
 * close the survey) and closing by date or count. Saved on their own, as settings only, so editing the
 * questions beside them never overwrites them.
 */
export function QuotaEditor({ survey, blocked }: { survey: Survey; blocked: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('surveys:manage');
  const [quotas, setQuotas] = useState<Quota[]>(survey.settings.quotas);
  const [closesAt, setClosesAt] = useState(survey.settings.closing.closesAt ? toLocalInput(survey.settings.closing.closesAt) : '');
  const [maxResponses, setMaxResponses] = useState(survey.settings.closing.maxResponses ? String(survey.settings.closing.maxResponses) : '');
  const [dirty, setDirty] = useState(false);
  const subjects = [
    ...survey.questions.filter((q) => q.type !== 'contact' && q.type !== 'text').map((q) => ({ id: q.id, isScore: SCORED.has(q.type), label: q.id })),
    ...survey.hiddenFields.map((h) => ({ id: h, isScore: false, label: t('surveyQuotas.hiddenField', { name: h }) })),
  ];
  const change = (next: Quota[]) => { setQuotas(next); setDirty(true); };
  const setQuota = (i: number, q: Quota) => change(quotas.map((x, j) => (j === i ? q : x)));
  const setCondition = (i: number, k: number, c: Condition) => setQuota(i, { ...quotas[i], when: { ...quotas[i].when, conditions: quotas[i].when.conditions.map((x, j) => (j === k ? c : x)) } });
  const newCondition = (): Condition => ({ question: subjects[0]?.id ?? '', op: 'eq', value: '' });
  const addQuota = () => {
    let n = quotas.length + 1;
    while (quotas.some((q) => q.id === `quota${n}`)) n++;
    change([...quotas, { id: `quota${n}`, name: '', limit: 100, action: 'end', when: { match: 'all', conditions: [newCondition()] } }]);
  };
  const save = useMutation({
    mutationFn: () => ok(client.PATCH('/surveys/{id}', {
      params: { path: { id: survey.id } },
      body: { settings: { ...survey.settings, quotas, closing: { closesAt: closesAt ? new Date(closesAt).toISOString() : null, maxResponses: maxResponses ? Number(maxResponses) : null } } },
    })),
    onSuccess: (s) => { setDirty(false); queryClient.setQueryData(surveyKeys.detail(s.id), s); toast(t('surveyQuotas.saved')); },
  });
  return (
    <section className="card quota-editor" aria-labelledby="quota-title" data-testid="quota-editor">
      <h2 className="card-title" id="quota-title">{t('surveyQuotas.title')}</h2>
      <fieldset className="inline-fields" disabled={!canManage}>
        <legend>{t('surveyQuotas.closing')}</legend>
        <label>{t('surveyQuotas.closesAt')} <input type="datetime-local" value={closesAt} onChange={(e) => { setClosesAt(e.target.value); setDirty(true); }} /></label>
        <label>{t('surveyQuotas.maxResponses')} <input type="number" min={1} inputMode="numeric" value={maxResponses} onChange={(e) => { setMaxResponses(e.target.value); setDirty(true); }} data-testid="max-responses" /></label>
      </fieldset>
      <p className="muted small">{t('surveyQuotas.hint')}</p>
      <ol className="quota-list">
        {quotas.map((q, i) => (
          <li key={i} className="quota" data-testid={`quota-${i}`}>
            <fieldset disabled={!canManage}>
              <legend>{q.name || t('surveyQuotas.untitled', { n: i + 1 })}</legend>
              <div className="inline-fields">
                <label>{t('surveyQuotas.name')} <input value={q.name} maxLength={200} required onChange={(e) => setQuota(i, { ...q, name: e.target.value })} /></label>
                <label>{t('surveyQuotas.limit')} <input type="number" min={1} value={q.limit} onChange={(e) => setQuota(i, { ...q, limit: Number(e.target.value) })} /></label>
                <label>{t('surveyQuotas.action')}{' '}
                  <select value={q.action} onChange={(e) => setQuota(i, { ...q, action: e.target.value as Quota['action'] })}>
                    <option value="end">{t('surveyQuotas.actionEnd')}</option>
                    <option value="close">{t('surveyQuotas.actionClose')}</option>
                  </select>
                </label>
                <label>{t('surveyQuotas.match')}{' '}
                  <select value={q.when.match} onChange={(e) => setQuota(i, { ...q, when: { ...q.when, match: e.target.value as Quota['when']['match'] } })}>
                    <option value="all">{t('surveyQuotas.matchAll')}</option>
                    <option value="any">{t('surveyQuotas.matchAny')}</option>
                  </select>
                </label>
              </div>
              {q.when.conditions.map((c, k) => {
                const subject = subjects.find((s) => s.id === c.question);
                const ops = subject?.isScore ? SCORE_OPS : TEXT_OPS;
                return (
                  <div key={k} className="inline-fields quota-condition">
                    <select aria-label={t('surveyQuotas.subject')} value={c.question} onChange={(e) => setCondition(i, k, { ...c, question: e.target.value })}>
                      {subjects.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
                    </select>
                    <select aria-label={t('surveys.builder.operator')} value={c.op} onChange={(e) => { const op = e.target.value as Op; setCondition(i, k, { ...c, op, value: parseValue(op, showValue(c.value), Boolean(subject?.isScore)) }); }}>
                      {ops.map((op) => <option key={op} value={op}>{t(`surveyQuotas.ops.${op}`)}</option>)}
                    </select>
                    {c.op !== 'answered' && c.op !== 'not_answered' && (
                      <input aria-label={t('surveys.builder.value')} value={showValue(c.value)} onChange={(e) => setCondition(i, k, { ...c, value: parseValue(c.op, e.target.value, Boolean(subject?.isScore)) })} />
                    )}
                    {q.when.conditions.length > 1 && (
                      <button type="button" className="button button-small" onClick={() => setQuota(i, { ...q, when: { ...q.when, conditions: q.when.conditions.filter((_, j) => j !== k) } })}>{t('surveyQuotas.removeCondition')}</button>
                    )}
                  </div>
                );
              })}
              <p>
                <button type="button" className="button button-small" onClick={() => setQuota(i, { ...q, when: { ...q.when, conditions: [...q.when.conditions, newCondition()] } })}>{t('surveyQuotas.addCondition')}</button>{' '}
                <button type="button" className="button button-small" onClick={() => change(quotas.filter((_, j) => j !== i))}>{t('surveyQuotas.remove')}</button>
              </p>
            </fieldset>
          </li>
        ))}
      </ol>
      {canManage && (
        <p>
          <button type="button" className="button" disabled={subjects.length === 0} onClick={addQuota}>{t('surveyQuotas.add')}</button>{' '}
          <button type="button" className="button button-primary" disabled={!dirty || blocked || save.isPending} onClick={() => save.mutate()}>{t('surveyQuotas.save')}</button>
        </p>
      )}
      {/* Saving reloads the builder with the saved survey: unsaved question edits would be lost. */}
      {canManage && dirty && blocked && <p className="muted small">{t('surveyQuotas.saveQuestionsFirst')}</p>}
      <ProblemAlert error={save.error} />
    </section>
  );
}

/** An ISO time as the value of a datetime-local input (local time, minutes). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

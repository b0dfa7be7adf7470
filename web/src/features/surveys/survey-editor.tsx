import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { ProblemAlert, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { CopyButton } from '../../components/copy-button';
import { useToast } from '../../components/toast';
import { QuestionEditor } from './question-editor';
import { SurveyPreview } from './survey-preview';
import { StatusBadge } from './survey-list';
import { SurveySettingsCard } from './survey-settings-card';
import { QuotaEditor } from './quota-editor';
import { WidgetSettingsCard } from './widget-settings-card';
import { blankQuestion, fetchSurvey, nextQuestionId, QUESTION_TYPES, surveyKeys, toPatch, type Question, type QuestionType, type Survey, type SurveyPatch } from './surveys-api';

/** The builder: settings, questions with their texts in every language, and a live phone preview. */
export default function SurveyEditor() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const survey = useQuery({ queryKey: surveyKeys.detail(id), queryFn: ({ signal }) => fetchSurvey(id, signal) });
  return (
    <>
      <QueryStatus query={survey} />
      {survey.data && <Builder key={`${survey.data.id}-${survey.data.version}-${String(survey.data.updatedAt)}`} survey={survey.data} />}
      {!survey.data && <Link to="/surveys">{t('surveys.back')}</Link>}
    </>
  );
}

/** The survey being edited: questions as the API answered them (defaults filled in). */
type Draft = Omit<SurveyPatch, 'questions' | 'languages'> & { questions: Question[]; languages: string[] };

function Builder({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('surveys:manage');
  const [draft, setDraft] = useState<Draft>(() => ({ ...toPatch(survey), questions: survey.questions, languages: survey.languages }));
  const [dirty, setDirty] = useState(false);
  const [addType, setAddType] = useState<QuestionType>('text');
  const update = (patch: Partial<typeof draft>) => { setDraft((d) => ({ ...d, ...patch })); setDirty(true); };
  const refresh = (s: Survey) => { queryClient.setQueryData(surveyKeys.detail(s.id), s); void queryClient.invalidateQueries({ queryKey: ['surveys', 'list'] }); };

  const save = useMutation({
    mutationFn: () => ok(client.PATCH('/surveys/{id}', { params: { path: { id: survey.id } }, body: draft })),
    onSuccess: (s) => { setDirty(false); refresh(s); toast(s.version > survey.version ? t('surveys.savedVersion', { version: s.version }) : t('surveys.saved')); },
  });
  const publish = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/publish', { params: { path: { id: survey.id } } })),
    onSuccess: (s) => { refresh(s); toast(t('surveys.published')); },
  });
  const close = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/close', { params: { path: { id: survey.id } } })),
    onSuccess: (s) => { refresh(s); toast(t('surveys.closedToast')); },
  });
  // Leaving with unsaved edits asks first, as every form editor people know does.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const errors = fieldErrorsOf(save.error);
  const questions = draft.questions;
  const setQuestion = (i: number, q: (typeof questions)[number]) => update({ questions: questions.map((x, j) => (j === i ? q : x)) });
  const move = (i: number, delta: -1 | 1) => {
    const next = [...questions];
    const [q] = next.splice(i, 1);
    next.splice(i + delta, 0, q);
    update({ questions: next });
  };
  const actions = (
    <>
      <Link className="button" to={`/surveys/${survey.id}/results`}>{t('surveys.results')}</Link>
      <Link className="button" to={`/surveys/${survey.id}/distribution`}>{t('distribution.tab')}</Link>
      <Link className="button" to={`/surveys/${survey.id}/share`}>{t('surveyShare.tab')}</Link>
      {canManage && <Link className="button" to={`/surveys/${survey.id}/import`}>{t('surveyImport.tab')}</Link>}
      {canManage && <button type="button" className="button" disabled={!dirty || save.isPending} onClick={() => save.mutate()}>{save.isPending ? t('surveys.saving') : t('surveys.save')}</button>}
      {canManage && survey.status !== 'published' && <button type="button" className="button button-primary" disabled={dirty || publish.isPending} onClick={() => publish.mutate()}>{t('surveys.publish')}</button>}
      {canManage && survey.status === 'published' && <button type="button" className="button" disabled={close.isPending} onClick={() => close.mutate()}>{t('surveys.close')}</button>}
    </>
  );
  return (
    <>
      <PageHeader title={survey.name} description={<><StatusBadge status={survey.status} /> {t('surveys.versionLabel', { version: survey.version })}</>} actions={actions} />
      <ProblemAlert error={save.error ?? publish.error ?? close.error} />
      {survey.status !== 'draft' && (
        <section className="card share-card" aria-label={t('surveys.share')}>
          <h2 className="card-title">{t('surveys.share')}</h2>
          <p className="share-link"><a href={survey.publicUrl} target="_blank" rel="noreferrer" data-testid="public-url">{survey.publicUrl}</a> <CopyButton value={survey.publicUrl} /></p>
          {survey.status === 'published' && dirty && <p className="muted small">{t('surveys.newVersionHint')}</p>}
        </section>
      )}
      <div className="builder-layout">
        <div className="builder-main">
          <SurveySettingsCard draft={draft} errors={errors} onChange={update} />
          <QuotaEditor survey={survey} blocked={dirty} />
          <WidgetSettingsCard settings={(draft.settings as Survey['settings'] | undefined) ?? survey.settings} disabled={!canManage} onChange={(settings) => update({ settings })} />
          <ol className="question-list">
            {questions.map((q, i) => (
              <QuestionEditor key={i} question={q} index={i} count={questions.length} earlier={questions.slice(0, i)} languages={draft.languages}
                onChange={(next) => setQuestion(i, next)} onMove={(d) => move(i, d)} onRemove={() => update({ questions: questions.filter((_, j) => j !== i) })} />
            ))}
          </ol>
          {canManage && (
            <div className="inline-fields add-question">
              <label className="visually-hidden" htmlFor="add-type">{t('surveys.builder.type')}</label>
              <select id="add-type" value={addType} onChange={(e) => setAddType(e.target.value as QuestionType)}>
                {QUESTION_TYPES.map((type) => <option key={type} value={type}>{t(`surveys.types.${type}`)}</option>)}
              </select>
              <button type="button" className="button" onClick={() => update({ questions: [...questions, blankQuestion(addType, nextQuestionId(questions), draft.languages)] })}>{t('surveys.builder.addQuestion')}</button>
            </div>
          )}
        </div>
        <aside className="builder-aside">
          <SurveyPreview questions={questions} languages={draft.languages} />
        </aside>
      </div>
    </>
  );
}

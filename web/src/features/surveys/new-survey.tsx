import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client, ok } from '../../lib/api';
import { ProblemAlert, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { blankQuestion, surveyKeys } from './surveys-api';

/** Start a survey from one of the standard CX templates, or from a blank NPS question. */
export default function NewSurvey() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const lang = i18n.language;
  const [picked, setPicked] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: surveyKeys.templates(lang),
    queryFn: ({ signal }) => ok(client.GET('/survey-templates', { params: { query: { lang } }, signal })),
  });
  const opened = (id: string) => {
    void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
    void navigate(`/surveys/${id}`);
  };
  const fromTemplate = useMutation({
    mutationFn: (template: string) => ok(client.POST('/surveys/from-template', { body: { template } })),
    onSuccess: (s) => opened(s.id),
  });
  const blank = useMutation({
    mutationFn: () => {
      const languages = lang === 'en' ? ['en'] : [lang, 'en'];
      const q = blankQuestion('nps', 'q1', languages);
      q.text = Object.fromEntries(languages.map((l) => [l, t('surveys.blankQuestion')]));
      return ok(client.POST('/surveys', { body: { name: t('surveys.untitled'), touchpoint: 'other', channel: 'link', languages, questions: [q] } }));
    },
    onSuccess: (s) => opened(s.id),
  });
  const busy = fromTemplate.isPending || blank.isPending;
  return (
    <>
      <PageHeader title={t('surveys.newTitle')} description={t('surveys.newText')} actions={<Link className="button" to="/surveys">{t('surveys.back')}</Link>} />
      <ProblemAlert error={fromTemplate.error ?? blank.error} />
      <QueryStatus query={templates} />
      <ul className="template-grid">
        <li className="card template-card">
          <h2 className="card-title">{t('surveys.blank')}</h2>
          <p className="muted small">{t('surveys.blankText')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => blank.mutate()}>{t('surveys.useBlank')}</button>
        </li>
        {(templates.data?.data ?? []).map((tpl) => (
          <li key={tpl.key} className="card template-card">
            <h2 className="card-title">{tpl.name}</h2>
            <p className="muted small">{tpl.description}</p>
            <p className="small"><span className="muted">{t('surveys.touchpoint')}:</span> {tpl.touchpoint} · {tpl.questionTypes.join(', ')}</p>
            <p className="small muted">{tpl.languages.join(', ')}</p>
            <button type="button" className="button button-primary" disabled={busy}
              onClick={() => { setPicked(tpl.key); fromTemplate.mutate(tpl.key); }}>
              {busy && picked === tpl.key ? t('common.loading') : t('surveys.useTemplate')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

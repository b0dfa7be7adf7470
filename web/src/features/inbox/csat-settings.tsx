import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert, QueryStatus } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { CSAT_MODES, fetchInboxSettings, inboxKeys, type CsatAfterResolution } from './inbox-api';
import './inbox.css';

/** Settings → Inbox: whether a CSAT survey follows a resolution, which one, and how often one customer may get it. */
export default function InboxCsatSettings() {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: inboxKeys.settings, queryFn: ({ signal }) => fetchInboxSettings(signal) });
  // The server checks the survey has a CSAT question; the list offers the published ones to pick from.
  const surveys = useQuery({
    queryKey: ['surveys', 'list', { status: 'published', limit: 100 }],
    queryFn: ({ signal }) => ok(client.GET('/surveys', { params: { query: { status: 'published', limit: 100 } }, signal })),
  });
  const [draft, setDraft] = useState<CsatAfterResolution>();
  useEffect(() => {
    if (settings.data && !draft) setDraft(settings.data.csatAfterResolution);
  }, [settings.data, draft]);
  const save = useMutation({
    mutationFn: (d: CsatAfterResolution) => ok(client.PATCH('/inbox/settings', { body: { csatAfterResolution: d } })),
    onSuccess: (s) => {
      queryClient.setQueryData(inboxKeys.settings, s);
      setDraft(s.csatAfterResolution);
      notify(t('inbox.csat.saved'));
    },
  });
  const errors = fieldErrorsOf(save.error);
  const surveyError = errors['csatAfterResolution.surveyId'];
  const daysError = errors['csatAfterResolution.minDaysBetween'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate(draft);
  };
  const published = surveys.data?.data ?? [];
  return (
    <>
      <PageHeader level={2} title={t('inbox.csat.title')} description={t('inbox.csat.description')} />
      <QueryStatus query={settings} />
      {draft && (
        <form className="card stack" onSubmit={submit} aria-label={t('inbox.csat.title')}>
          <fieldset className="stack">
            <legend>{t('inbox.csat.mode')}</legend>
            {CSAT_MODES.map((mode) => (
              <label key={mode} className="checkbox">
                <input type="radio" name="csat-mode" value={mode} checked={draft.mode === mode} onChange={() => setDraft({ ...draft, mode })} /> {t(`inbox.csat.modes.${mode}`)}
              </label>
            ))}
          </fieldset>
          <div className={`field${surveyError ? ' field-invalid' : ''}`}>
            <label htmlFor="csat-survey">{t('inbox.csat.survey')}</label>
            <select id="csat-survey" value={draft.surveyId ?? ''} onChange={(e) => setDraft({ ...draft, surveyId: e.target.value || null })} aria-describedby="csat-survey-hint">
              <option value="">{t('inbox.csat.noSurvey')}</option>
              {/* A chosen survey that is no longer published still shows, so saving does not silently drop it. */}
              {draft.surveyId && !published.some((s) => s.id === draft.surveyId) && <option value={draft.surveyId}>{t('inbox.csat.unlistedSurvey')}</option>}
              {published.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
            <p id="csat-survey-hint" className="muted small">{t('inbox.csat.surveyHint')}</p>
            {surveyError && <p className="field-error">{surveyError}</p>}
          </div>
          <QueryStatus query={surveys} />
          <label className="checkbox">
            <input type="checkbox" checked={draft.skipAutoResolved} onChange={(e) => setDraft({ ...draft, skipAutoResolved: e.target.checked })} /> {t('inbox.csat.skipAutoResolved')}
          </label>
          <div className={`field${daysError ? ' field-invalid' : ''}`}>
            <label htmlFor="csat-days">{t('inbox.csat.minDaysBetween')}</label>
            <input id="csat-days" type="number" min={0} max={365} step={1} required value={draft.minDaysBetween}
              onChange={(e) => setDraft({ ...draft, minDaysBetween: e.target.valueAsNumber })} />
            {daysError && <p className="field-error">{daysError}</p>}
          </div>
          <ProblemAlert error={save.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
          </div>
        </form>
      )}
    </>
  );
}

import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok } from '../../../lib/api';
import { useCan } from '../../../lib/session';
import { useFormat } from '../../../lib/format';
import { LoadMore, ProblemAlert, QueryStatus } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { TableWrap } from '../../../components/table-wrap';
import { BarChart } from '../../../components/bar-chart';
import { useToast } from '../../../components/toast';
import { fetchSurvey, surveyKeys } from '../surveys-api';
import { DistributionSettings, TriggersCard } from './distribution-settings';
import './distribution.css';

const STATUSES = ['', 'sent', 'opened', 'responded', 'not_responded', 'reminded', 'skipped', 'failed', 'bounced', 'unsubscribed', 'queued'] as const;
type StatusFilter = (typeof STATUSES)[number];

/** E-mail distribution of one survey: send a wave (with preview and test), wave stats, the per-recipient log, triggers and fatigue rules. */
export default function DistributionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const survey = useQuery({ queryKey: surveyKeys.detail(id), queryFn: ({ signal }) => fetchSurvey(id, signal) });
  const s = survey.data;
  return (
    <>
      <PageHeader title={s ? t('distribution.title', { name: s.name }) : t('distribution.titlePlain')} actions={<Link className="button" to={`/surveys/${id}`}>{t('distribution.back')}</Link>} />
      <QueryStatus query={survey} />
      {s && <SendCard surveyId={id} languages={s.languages} isPublished={s.status === 'published'} />}
      <WavesCard surveyId={id} />
      <LogCard surveyId={id} />
      <TriggersCard surveyId={id} />
      <DistributionSettings />
    </>
  );
}

function SendCard({ surveyId, languages, isPublished }: { surveyId: string; languages: string[]; isPublished: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('surveys:manage');
  const [mode, setMode] = useState<'emails' | 'segment'>('emails');
  const [emails, setEmails] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [language, setLanguage] = useState('');
  const [scheduledAt, setScheduledAt] = useState('');
  const segments = useQuery({ queryKey: ['segments', 'list', 'distribution'], queryFn: ({ signal }) => ok(client.GET('/segments', { params: { query: { limit: 200 } }, signal })) });
  const lang = language || undefined;
  // Custom wording per language; a language left empty gets the built-in wording.
  const [wordingLang, setWordingLang] = useState(languages[0] ?? 'en');
  const [subjects, setSubjects] = useState<Record<string, string>>({});
  const [bodies, setBodies] = useState<Record<string, string>>({});
  const filled = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v.trim() !== ''));
  const message = Object.keys(filled(subjects)).length || Object.keys(filled(bodies)).length ? { subject: filled(subjects), body: filled(bodies) } : undefined;
  const preview = useMutation({ mutationFn: () => ok(client.POST('/surveys/{id}/invitations/preview', { params: { path: { id: surveyId } }, body: { language: lang ?? (message ? wordingLang : undefined), kind: 'invitation', message } })) });
  const test = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/invitations/test', { params: { path: { id: surveyId } }, body: { language: lang ?? (message ? wordingLang : undefined), kind: 'invitation', message } })),
    onSuccess: (r) => toast(t('distribution.testSent', { to: r.to })),
  });
  const recipients = emails.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean).map((email) => ({ email }));
  const send = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/invitations', {
      params: { path: { id: surveyId } },
      body: { audience: mode === 'segment' ? { segmentId } : { recipients }, language: lang, message, ...(scheduledAt ? { scheduledAt: new Date(scheduledAt).toISOString() } : {}) },
    })),
    onSuccess: () => {
      toast(t('distribution.sent'));
      setEmails('');
      void queryClient.invalidateQueries({ queryKey: ['distribution', surveyId] });
    },
  });
  const canSend = isPublished && (mode === 'segment' ? segmentId !== '' : recipients.length > 0);
  return (
    <section className="card" aria-labelledby="send-title">
      <h2 className="card-title" id="send-title">{t('distribution.send.title')}</h2>
      {!isPublished && <p className="muted">{t('distribution.send.publishFirst')}</p>}
      <fieldset className="inline-fields">
        <legend>{t('distribution.send.audience')}</legend>
        <label><input type="radio" name="audience" checked={mode === 'emails'} onChange={() => setMode('emails')} /> {t('distribution.send.emails')}</label>
        <label><input type="radio" name="audience" checked={mode === 'segment'} onChange={() => setMode('segment')} /> {t('distribution.send.segment')}</label>
      </fieldset>
      {mode === 'emails' ? (
        <label className="field">{t('distribution.send.emailsLabel')}<textarea rows={4} value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="mette@example.dk" /></label>
      ) : (
        <label className="field">{t('distribution.send.segmentLabel')}
          <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">{t('distribution.send.chooseSegment')}</option>
            {(segments.data?.data ?? []).map((sg) => <option key={sg.id} value={sg.id}>{sg.name}</option>)}
          </select>
        </label>
      )}
      <div className="inline-fields">
        <label className="field">{t('distribution.send.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('distribution.send.languageAuto')}</option>
            {languages.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label className="field">{t('distribution.send.schedule')}<input type="datetime-local" value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} /></label>
      </div>
      <fieldset className="distribution-wording">
        <legend>{t('distribution.wording.title')}</legend>
        <p className="muted small">{t('distribution.wording.hint')}</p>
        <div className="inline-fields" role="group" aria-label={t('distribution.wording.language')}>
          {languages.map((l) => <button key={l} type="button" className="button" aria-pressed={wordingLang === l} onClick={() => setWordingLang(l)}>{l}</button>)}
        </div>
        <label className="field">{t('distribution.wording.subject', { lang: wordingLang })}<input maxLength={200} value={subjects[wordingLang] ?? ''} onChange={(e) => setSubjects({ ...subjects, [wordingLang]: e.target.value })} /></label>
        <label className="field">{t('distribution.wording.body', { lang: wordingLang })}<textarea rows={4} value={bodies[wordingLang] ?? ''} onChange={(e) => setBodies({ ...bodies, [wordingLang]: e.target.value })} /></label>
      </fieldset>
      <ProblemAlert error={send.error ?? test.error ?? preview.error} />
      <div className="inline-fields">
        <button type="button" className="button" onClick={() => preview.mutate()}>{t('distribution.send.preview')}</button>
        {canManage && <button type="button" className="button" disabled={test.isPending} onClick={() => test.mutate()}>{t('distribution.send.test')}</button>}
        {canManage && <button type="button" className="button button-primary" disabled={!canSend || send.isPending} onClick={() => send.mutate()}>{t('distribution.send.submit')}</button>}
      </div>
      {preview.data && (
        <div>
          <p><strong>{t('distribution.send.subject')}</strong> {preview.data.subject}</p>
          {/* The rendered mail in a sandbox: no script, no same-origin access. */}
          <iframe title={t('distribution.send.previewFrame')} sandbox="" srcDoc={preview.data.html} className="distribution-preview" />
        </div>
      )}
    </section>
  );
}

function WavesCard({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const waves = useQuery({ queryKey: ['distribution', surveyId, 'waves'], queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/invitation-waves', { params: { path: { id: surveyId } }, signal })), refetchInterval: 15_000 });
  const rows = waves.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="waves-title">
      <h2 className="card-title" id="waves-title">{t('distribution.waves.title')}</h2>
      <QueryStatus query={waves} />
      {rows.length === 0 ? <p className="muted">{t('distribution.waves.empty')}</p> : (
        <>
          <BarChart label={t('distribution.waves.chart')} bars={rows.map((w) => ({ label: w.name, value: w.stats.responseRate ?? 0 }))} />
          <TableWrap label={t('distribution.waves.title')}>
            <table>
              <thead><tr>{['name', 'status', 'sent', 'skipped', 'failed', 'opened', 'responded', 'rate'].map((c) => <th key={c} scope="col">{t(`distribution.waves.${c}`)}</th>)}</tr></thead>
              <tbody>
                {rows.map((w) => (
                  <tr key={w.id}>
                    <td>{w.name}</td><td>{t(`distribution.waveStatus.${w.status}`)}</td><td>{fmt.number(w.stats.sent)}</td><td>{fmt.number(w.stats.skipped)}</td>
                    <td>{fmt.number(w.stats.failed + w.stats.bounced)}</td><td>{fmt.number(w.stats.opened)}</td><td>{fmt.number(w.stats.responded)}</td>
                    <td>{w.stats.responseRate === null ? '–' : `${fmt.number(w.stats.responseRate)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

function LogCard({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [status, setStatus] = useState<StatusFilter>('');
  const [q, setQ] = useState('');
  const log = useInfiniteQuery({
    queryKey: ['distribution', surveyId, 'log', status, q],
    queryFn: ({ pageParam, signal }) => ok(client.GET('/surveys/{id}/invitations', { params: { path: { id: surveyId }, query: { limit: 50, cursor: pageParam, ...(status ? { status } : {}), ...(q ? { q } : {}) } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  const when = (d: string | Date | null) => (d ? fmt.dateTime(d) : '');
  return (
    <section className="card" aria-labelledby="log-title">
      <h2 className="card-title" id="log-title">{t('distribution.log.title')}</h2>
      <div className="inline-fields">
        <label className="field">{t('distribution.log.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            {STATUSES.map((x) => <option key={x} value={x}>{t(`distribution.filter.${x || 'all'}`)}</option>)}
          </select>
        </label>
        <label className="field">{t('distribution.log.search')}<input type="search" value={q} onChange={(e) => setQ(e.target.value)} /></label>
      </div>
      <QueryStatus query={log} />
      <TableWrap label={t('distribution.log.title')}>
        <table>
          <thead><tr>{['email', 'status', 'reason', 'sentAt', 'openedAt', 'respondedAt', 'reminders'].map((c) => <th key={c} scope="col">{t(`distribution.log.${c}`)}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.email}</td><td>{t(`distribution.invitationStatus.${r.status}`)}</td><td>{r.reason ?? ''}</td>
                <td>{when(r.sentAt)}</td><td>{when(r.openedAt)}</td><td>{when(r.respondedAt)}</td><td>{fmt.number(r.remindersSent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <LoadMore query={log} />
    </section>
  );
}

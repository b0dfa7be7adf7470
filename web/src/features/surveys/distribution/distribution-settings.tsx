import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../../lib/api';
import { useCan } from '../../../lib/session';
import { ProblemAlert, QueryStatus } from '../../../components/feedback';
import { TableWrap } from '../../../components/table-wrap';
import { useToast } from '../../../components/toast';
import { ConditionRows, conditionValue, showConditionValue, type TriggerCondition } from './condition-rows';

type Settings = { minDaysBetweenSurveys: number; skipAnsweredWithinDays: number; sendRatePerMinute: number };
const FIELDS = ['minDaysBetweenSurveys', 'skipAnsweredWithinDays', 'sendRatePerMinute'] as const;

/** The workspace's fatigue rules and send rate. */
export function DistributionSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const canManage = useCan('surveys:manage');
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['distribution', 'settings'], queryFn: ({ signal }) => ok(client.GET('/survey-distribution/settings', { signal })) });
  const [draft, setDraft] = useState<Partial<Settings>>({});
  const save = useMutation({
    mutationFn: () => ok(client.PATCH('/survey-distribution/settings', { body: draft })),
    onSuccess: (s) => { queryClient.setQueryData(['distribution', 'settings'], s); setDraft({}); toast(t('distribution.settings.saved')); },
  });
  const value = (k: keyof Settings) => draft[k] ?? settings.data?.[k] ?? 0;
  return (
    <section className="card" aria-labelledby="fatigue-title">
      <h2 className="card-title" id="fatigue-title">{t('distribution.settings.title')}</h2>
      <p className="muted small">{t('distribution.settings.hint')}</p>
      <QueryStatus query={settings} />
      <div className="inline-fields">
        {FIELDS.map((k) => (
          <label key={k} className="field">{t(`distribution.settings.${k}`)}
            <input type="number" min={k === 'sendRatePerMinute' ? 1 : 0} value={value(k)} disabled={!canManage} onChange={(e) => setDraft({ ...draft, [k]: Number(e.target.value) })} />
          </label>
        ))}
      </div>
      <ProblemAlert error={save.error} />
      {canManage && <button type="button" className="button" disabled={Object.keys(draft).length === 0 || save.isPending} onClick={() => save.mutate()}>{t('distribution.settings.save')}</button>}
    </section>
  );
}

/** Automatic triggers of one survey: event, delay, on/off. */
export function TriggersCard({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation();
  const canManage = useCan('surveys:manage');
  const queryClient = useQueryClient();
  const key = ['distribution', surveyId, 'triggers'];
  const triggers = useQuery({ queryKey: key, queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/triggers', { params: { path: { id: surveyId } }, signal })) });
  const [name, setName] = useState('');
  const [eventType, setEventType] = useState('purchase');
  const [hours, setHours] = useState(24);
  type Row = { field: string; op: TriggerCondition['op']; raw: string };
  const [eventRows, setEventRows] = useState<Row[]>([]);
  const [profileRows, setProfileRows] = useState<Row[]>([]);
  const toConditions = (rows: Row[]) => rows.filter((r) => r.field).map((r) => ({ field: r.field, op: r.op, value: conditionValue(r.op, r.raw) }));
  const describe = (cs: TriggerCondition[]) => cs.map((c) => `${c.field} ${t(`distribution.conditions.ops.${c.op}`)} ${showConditionValue(c.value)}`.trim()).join(' · ');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const add = useMutation({
    mutationFn: () => ok(client.POST('/surveys/{id}/triggers', { params: { path: { id: surveyId } }, body: { name, eventType, delaySeconds: Math.round(hours * 3600), eventConditions: toConditions(eventRows), profileConditions: toConditions(profileRows) } })),
    onSuccess: () => { setName(''); setEventRows([]); setProfileRows([]); refresh(); },
  });
  const toggle = useMutation({
    mutationFn: (x: { id: string; isEnabled: boolean }) => ok(client.PATCH('/surveys/{id}/triggers/{triggerId}', { params: { path: { id: surveyId, triggerId: x.id } }, body: { isEnabled: x.isEnabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (triggerId: string) => ok(client.DELETE('/surveys/{id}/triggers/{triggerId}', { params: { path: { id: surveyId, triggerId } } })),
    onSuccess: refresh,
  });
  const rows = triggers.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="triggers-title">
      <h2 className="card-title" id="triggers-title">{t('distribution.triggers.title')}</h2>
      <p className="muted small">{t('distribution.triggers.hint')}</p>
      <QueryStatus query={triggers} />
      {rows.length > 0 && (
        <TableWrap label={t('distribution.triggers.title')}>
          <table>
            <thead><tr>{['name', 'event', 'delay', 'conditionsColumn', 'enabled', 'actions'].map((c) => <th key={c} scope="col">{t(`distribution.triggers.${c}`)}</th>)}</tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td><td><code>{r.eventType}</code></td><td>{t('distribution.triggers.hours', { value: Math.round((r.delaySeconds / 3600) * 10) / 10 })}</td>
                  <td className="small">{[describe(r.eventConditions), describe(r.profileConditions)].filter(Boolean).join(' · ') || '—'}</td>
                  <td><input type="checkbox" aria-label={t('distribution.triggers.enabled')} checked={r.isEnabled} disabled={!canManage} onChange={(e) => toggle.mutate({ id: r.id, isEnabled: e.target.checked })} /></td>
                  <td>{canManage && <button type="button" className="button" onClick={() => remove.mutate(r.id)}>{t('distribution.triggers.delete')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ProblemAlert error={add.error ?? toggle.error ?? remove.error} />
      {canManage && (
        <div className="inline-fields">
          <label className="field">{t('distribution.triggers.name')}<input value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="field">{t('distribution.triggers.event')}<input value={eventType} onChange={(e) => setEventType(e.target.value)} /></label>
          <label className="field">{t('distribution.triggers.delayHours')}<input type="number" min={0} step={0.5} value={hours} onChange={(e) => setHours(Number(e.target.value))} /></label>
        </div>
      )}
      {canManage && (
        <>
          <ConditionRows scope="event" rows={eventRows} onChange={setEventRows} />
          <ConditionRows scope="profile" rows={profileRows} onChange={setProfileRows} />
          <button type="button" className="button" disabled={!name || !eventType || add.isPending} onClick={() => add.mutate()}>{t('distribution.triggers.add')}</button>
        </>
      )}
    </section>
  );
}

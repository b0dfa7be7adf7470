import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorsOf, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { EmptyState } from '../../components/empty-state';
import { SelectField } from '../../components/field';
import { LoadMore, ProblemAlert, QueryStatus } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { customerKeys } from './customers-api';
import { TimelineEvent } from './timeline-event';

const PAGE_SIZE = 30;

/** Type filters as people think of them; each is a set of event types for `type=`. */
const TYPE_GROUPS: Record<string, string> = {
  purchases: 'purchase,refund',
  surveys: 'survey_invitation,survey_response',
  support: 'support_case_opened,support_case_resolved',
  subscriptions: 'subscription_started,subscription_cancelled',
  visits: 'page_view,signup',
  notes: 'note,message',
};
const CHANNELS = ['web', 'app', 'email', 'store', 'phone', 'chat', 'social', 'internal'];

function NoteForm({ customerId, onAdded }: { customerId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const notify = useToast();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (body: { text: string }) => ok(client.POST('/customers/{id}/notes', { params: { path: { id: customerId } }, body })),
    onSuccess: () => {
      setText('');
      notify(t('timeline.noteAdded'));
      onAdded();
    },
  });
  const error = fieldErrorsOf(add.error).text;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) add.mutate({ text: text.trim() });
  };
  return (
    <form className="note-form" onSubmit={submit}>
      <label htmlFor="note-text" className="visually-hidden">{t('timeline.note')}</label>
      <textarea id="note-text" name="text" rows={2} maxLength={20000} value={text} onChange={(e) => setText(e.target.value)}
        placeholder={t('timeline.notePlaceholder')} aria-invalid={error ? true : undefined} />
      <button type="submit" className="button" disabled={add.isPending || text.trim() === ''}>{t('timeline.addNote')}</button>
      {add.error && !error ? <ProblemAlert error={add.error} /> : error && <p className="field-error">{error}</p>}
    </form>
  );
}

/** Everything that happened with the customer, newest first, filterable, a page at a time. */
export function CustomerTimeline({ customerId, erased }: { customerId: string; erased: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan('customers:write');
  const [group, setGroup] = useState('');
  const [channel, setChannel] = useState('');
  const type = TYPE_GROUPS[group] ?? '';
  const timeline = useInfiniteQuery({
    queryKey: customerKeys.timeline(customerId, type, channel),
    queryFn: ({ pageParam, signal }) =>
      ok(client.GET('/customers/{id}/timeline', { params: { path: { id: customerId }, query: { type, channel, before: pageParam, limit: PAGE_SIZE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-title">
      <div className="panel-heading">
        <h2 id="timeline-title" className="section-title">{t('timeline.title')}</h2>
        <div className="inline-filters">
          <SelectField label={t('timeline.type')} name="type" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">{t('timeline.allTypes')}</option>
            {Object.keys(TYPE_GROUPS).map((g) => <option key={g} value={g}>{t(`timeline.groups.${g}`)}</option>)}
          </SelectField>
          <SelectField label={t('timeline.channel')} name="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value="">{t('timeline.allChannels')}</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`timeline.channels.${c}`)}</option>)}
          </SelectField>
        </div>
      </div>
      {canWrite && !erased && (
        <NoteForm customerId={customerId} onAdded={() => {
          void queryClient.invalidateQueries({ queryKey: ['customers', 'timeline', customerId] });
          void queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) });
        }} />
      )}
      <QueryStatus query={timeline} />
      {timeline.isSuccess && items.length === 0 && (
        <EmptyState level={3} icon="journeys" title={group || channel ? t('timeline.noMatches') : t('timeline.empty')} />
      )}
      {items.length > 0 && (
        <ol className="timeline" aria-label={t('timeline.title')}>
          {items.map((e) => <TimelineEvent key={e.id} event={e} />)}
        </ol>
      )}
      <LoadMore query={timeline} label={t('timeline.older')} />
    </section>
  );
}

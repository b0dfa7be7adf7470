import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/feedback';
import { client, ok } from '../../lib/api';
import { inboxKeys, patchConversation, PRIORITIES, type Conversation, type ConversationPatch } from './inbox-api';
import { isTyping } from './shortcuts';

const inHours = (h: number) => {
  const d = new Date(Date.now() + h * 3_600_000);
  d.setSeconds(0, 0);
  // datetime-local wants local wall-clock time without a zone.
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Resolve, snooze until, reopen; priority, assignee and tags. `e` resolves from the keyboard. */
export function ConversationControls({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: ['members'], queryFn: ({ signal }) => ok(client.GET('/members', { signal })) });
  const [snoozeUntil, setSnoozeUntil] = useState(inHours(24));
  const [tags, setTags] = useState(c.tags.join(', '));
  useEffect(() => setTags(c.tags.join(', ')), [c.tags]);
  const change = useMutation({
    mutationFn: (patch: ConversationPatch) => patchConversation(c.id, patch),
    onSuccess: (updated) => {
      queryClient.setQueryData(inboxKeys.conversation(c.id), updated);
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists });
    },
  });
  const { mutate } = change;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'e' || e.altKey || e.ctrlKey || e.metaKey || isTyping(e) || c.status === 'resolved') return;
      e.preventDefault();
      mutate({ status: 'resolved' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mutate, c.status]);
  const saveTags = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ tags: tags.split(',').map((x) => x.trim()).filter(Boolean) });
  };
  return (
    <div className="conversation-controls">
      <div className="conversation-actions">
        {c.status === 'resolved' || c.status === 'snoozed' ? (
          <button type="button" className="button button-small" onClick={() => change.mutate({ status: 'open' })} disabled={change.isPending}>{t('inbox.actions.reopen')}</button>
        ) : (
          <button type="button" className="button button-small button-primary" onClick={() => change.mutate({ status: 'resolved' })} disabled={change.isPending} aria-keyshortcuts="e">{t('inbox.actions.resolve')}</button>
        )}
        {c.status !== 'pending' && c.status !== 'resolved' && (
          <button type="button" className="button button-small" onClick={() => change.mutate({ status: 'pending' })} disabled={change.isPending}>{t('inbox.actions.pending')}</button>
        )}
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); change.mutate({ status: 'snoozed', snoozedUntil: new Date(snoozeUntil).toISOString() }); }}>
          <label>
            <span className="visually-hidden">{t('inbox.actions.snoozeUntil')}</span>
            <input type="datetime-local" value={snoozeUntil} min={inHours(0)} onChange={(e) => setSnoozeUntil(e.target.value)} required />
          </label>
          <button type="submit" className="button button-small" disabled={change.isPending}>{t('inbox.actions.snooze')}</button>
        </form>
      </div>
      <div className="conversation-fields">
        <label>
          <span>{t('inbox.filters.priority')}</span>
          <select value={c.priority} onChange={(e) => change.mutate({ priority: e.target.value as Conversation['priority'] })}>
            {PRIORITIES.map((p) => <option key={p} value={p}>{t(`inbox.priority.${p}`)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('inbox.filters.assignee')}</span>
          <select value={c.assigneeId ?? ''} onChange={(e) => change.mutate({ assigneeId: e.target.value || null })}>
            <option value="">{t('inbox.filters.unassigned')}</option>
            {members.data?.data.map((m) => <option key={m.userId} value={m.userId}>{m.name || m.email}</option>)}
          </select>
        </label>
        <form className="inline-form" onSubmit={saveTags}>
          <label>
            <span>{t('inbox.tags')}</span>
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={t('inbox.tagsHint')} />
          </label>
          <button type="submit" className="button button-small" disabled={change.isPending}>{t('common.save')}</button>
        </form>
      </div>
      <ProblemAlert error={change.error} />
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { SetURLSearchParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { fetchInboxes, inboxKeys, KINDS, PRIORITIES, STATUSES, type ConversationFilters } from './inbox-api';

/** The list's filters; each lives in the URL so a filtered view can be bookmarked and shared. */
export function InboxFilters({ filters, search, setSearch }: { filters: ConversationFilters; search: URLSearchParams; setSearch: SetURLSearchParams }) {
  const { t } = useTranslation();
  const inboxes = useQuery({ queryKey: inboxKeys.inboxes, queryFn: ({ signal }) => fetchInboxes(signal) });
  const members = useQuery({ queryKey: ['members'], queryFn: ({ signal }) => ok(client.GET('/members', { signal })) });
  const [tag, setTag] = useState(filters.tag ?? '');
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    if (value === '' && key !== 'status') next.delete(key);
    setSearch(next, { replace: true });
  };
  const submitTag = (e: FormEvent) => {
    e.preventDefault();
    set('tag', tag.trim().toLowerCase());
  };
  return (
    <form className="inbox-filters" aria-label={t('inbox.filters.label')} onSubmit={submitTag}>
      <label>
        <span>{t('inbox.filters.inbox')}</span>
        <select value={filters.inboxId ?? ''} onChange={(e) => set('inbox', e.target.value)}>
          <option value="">{t('inbox.filters.all')}</option>
          {inboxes.data?.data.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
        </select>
      </label>
      <label>
        <span>{t('inbox.filters.status')}</span>
        <select value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('inbox.filters.all')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`inbox.status.${s}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('inbox.filters.kind')}</span>
        <select value={filters.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
          <option value="">{t('inbox.filters.all')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`inbox.kind.${k}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('inbox.filters.assignee')}</span>
        <select value={filters.assignee ?? ''} onChange={(e) => set('assignee', e.target.value)}>
          <option value="">{t('inbox.filters.anyone')}</option>
          <option value="me">{t('inbox.filters.me')}</option>
          <option value="none">{t('inbox.filters.unassigned')}</option>
          {members.data?.data.map((m) => <option key={m.userId} value={m.userId}>{m.name || m.email}</option>)}
        </select>
      </label>
      <label>
        <span>{t('inbox.filters.priority')}</span>
        <select value={filters.priority ?? ''} onChange={(e) => set('priority', e.target.value)}>
          <option value="">{t('inbox.filters.all')}</option>
          {PRIORITIES.map((p) => <option key={p} value={p}>{t(`inbox.priority.${p}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('inbox.filters.tag')}</span>
        <input type="search" value={tag} onChange={(e) => setTag(e.target.value)} onBlur={() => tag.trim().toLowerCase() !== (filters.tag ?? '') && set('tag', tag.trim().toLowerCase())} />
      </label>
    </form>
  );
}

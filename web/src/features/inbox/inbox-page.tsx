import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { LoadMore, QueryStatus } from '../../components/feedback';
import { EmptyState } from '../../components/empty-state';
import { fetchConversations, inboxKeys, KINDS, PRIORITIES, STATUSES, type ConversationFilters } from './inbox-api';
import { useInboxEvents, usePresence } from './use-inbox-events';
import { InboxFilters } from './inbox-filters';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import { isTyping } from './shortcuts';
import './inbox.css';

const pick = <T extends string>(all: readonly T[], v: string | null): T | undefined => all.find((x) => x === v);


/** The Inbox: conversations on the left, the open one in the middle, its customer on the right. Live. */
export default function InboxPage() {
  const { t } = useTranslation();
  const live = useInboxEvents();
  const navigate = useNavigate();
  const params = useParams();
  const selectedId = params['*']?.split('/')[0] || undefined;
  // While the page is open its user counts as online (the website chat offers live chat then).
  usePresence(selectedId);
  const [search, setSearch] = useSearchParams();
  const filters: ConversationFilters = useMemo(
    () => ({
      inboxId: search.get('inbox') || undefined,
      status: search.has('status') ? pick(STATUSES, search.get('status')) : 'open',
      kind: pick(KINDS, search.get('kind')),
      assignee: search.get('assignee') || undefined,
      tag: search.get('tag') || undefined,
      priority: pick(PRIORITIES, search.get('priority')),
    }),
    [search],
  );
  // Newest first, a page at a time; a live event refetches the pages loaded so far.
  const list = useInfiniteQuery({
    queryKey: inboxKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchConversations(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const conversations = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  const open = useCallback((id: string) => void navigate({ pathname: `/inbox/${id}`, search: search.toString() }), [navigate, search]);
  const move = useCallback(
    (step: 1 | -1) => {
      if (conversations.length === 0) return;
      const at = conversations.findIndex((c) => c.id === selectedId);
      const next = conversations[Math.min(conversations.length - 1, Math.max(0, at === -1 ? 0 : at + step))];
      open(next.id);
      window.requestAnimationFrame(() => document.getElementById(`conversation-${next.id}`)?.focus());
    },
    [conversations, selectedId, open],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e)) return;
      if (e.key === 'j') move(1);
      else if (e.key === 'k') move(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move]);

  const liveLabel = t(`inbox.live.${live}`);
  return (
    <>
      <PageHeader
        title={t('nav.inbox')}
        description={t('inbox.description')}
        actions={<span className={`inbox-live inbox-live-${live}`} role="status">{liveLabel}</span>}
      />
      <InboxFilters filters={filters} search={search} setSearch={setSearch} />
      <div className="inbox">
        <section className="inbox-list card" aria-label={t('inbox.list.label')}>
          <QueryStatus query={list} />
          {list.data && conversations.length === 0 && <p className="muted inbox-empty">{t('inbox.list.empty')}</p>}
          {conversations.length > 0 && <ConversationList conversations={conversations} selectedId={selectedId} onMove={move} search={search.toString()} />}
          <LoadMore query={list} />
        </section>
        {selectedId ? (
          <ConversationView key={selectedId} id={selectedId} />
        ) : (
          <div className="inbox-placeholder">
            <EmptyState icon="inbox" title={t('inbox.pick.title')}>
              <p>{t('inbox.pick.text')}</p>
            </EmptyState>
          </div>
        )}
      </div>
    </>
  );
}

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { client } from '../../lib/api';
import { inboxKeys } from './inbox-api';

export type LiveState = 'connecting' | 'live' | 'offline';

interface ConversationEvent { conversationId: string; reason: string }

/**
 * Keeps the inbox current without reloading: one EventSource on /api/v1/inbox/events (the session
 * cookie authenticates it, the browser reconnects by itself). Events carry ids only; the queries they
 * name are refetched through the ordinary routes. After a reconnect everything is refetched, since
 * events sent while offline are gone.
 */
export function useInboxEvents(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/v1/inbox/events');
    let wasLive = false;
    source.addEventListener('ready', () => {
      if (wasLive) void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
      wasLive = true;
      setState('live');
    });
    source.addEventListener('conversation', (e) => {
      const { conversationId } = JSON.parse((e as MessageEvent<string>).data) as ConversationEvent;
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) });
      // A CSAT answer changes neither status nor resolvedAt (the CSAT query's key): only this refetches it.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.csat(conversationId) });
    });
    source.addEventListener('presence', (e) => {
      const { conversationId } = JSON.parse((e as MessageEvent<string>).data) as { conversationId: string | null };
      // Whoever left a conversation is gone from every viewer list, so all of them are refreshed.
      void queryClient.invalidateQueries({ queryKey: conversationId ? inboxKeys.viewers(conversationId) : ['inbox', 'viewers'] });
      if (conversationId) void queryClient.invalidateQueries({ queryKey: ['inbox', 'viewers'] });
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => source.close();
  }, [queryClient]);
  return state;
}

/**
 * Says "I am viewing this conversation" (or "I have the inbox open", with none) now and every 20 s
 * while the Inbox page stays open, and "none" when leaving a conversation, so colleagues see who else
 * is on it and the website chat knows an agent is online.
 */
export function usePresence(conversationId: string | undefined): void {
  useEffect(() => {
    const say = (id: string | null) => void client.POST('/inbox/presence', { body: { conversationId: id } }).catch(() => {});
    say(conversationId ?? null);
    const timer = window.setInterval(() => say(conversationId ?? null), 20_000);
    return () => {
      window.clearInterval(timer);
      if (conversationId) say(null);
    };
  }, [conversationId]);
}

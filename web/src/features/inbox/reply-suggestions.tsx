import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { fetchReplySuggestions, inboxKeys } from './inbox-api';

/**
 * Replies agents sent to customers who wrote much the same, under the reply box; a click puts one into
 * the draft for the agent to adapt (never sends it). Another customer's words are shown as text only.
 * Shows nothing while loading or when there is no good match, so it never stands in the way.
 */
export function ReplySuggestions({ conversationId, onPick }: { conversationId: string; onPick: (text: string) => void }) {
  const { t } = useTranslation();
  const suggestions = useQuery({
    queryKey: inboxKeys.suggestions(conversationId),
    queryFn: ({ signal }) => fetchReplySuggestions(conversationId, signal),
    staleTime: 60_000,
    retry: false,
  });
  const data = suggestions.data?.data ?? [];
  if (data.length === 0) return null;
  return (
    <section className="reply-suggestions" aria-labelledby="reply-suggestions-title" data-testid="reply-suggestions">
      <h3 id="reply-suggestions-title" className="small muted">{t('inbox.reply.suggestions.title')}</h3>
      <ul>
        {data.map((s) => (
          <li key={s.messageId}>
            <button type="button" className="reply-suggestion" onClick={() => onPick(s.text)} title={t('inbox.reply.suggestions.use')}>
              <span className="reply-suggestion-text">{s.text}</span>
              <span className="small muted">{t('inbox.reply.suggestions.from', { subject: s.subject || t('inbox.reply.suggestions.noSubject'), percent: Math.round(s.score * 100) })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

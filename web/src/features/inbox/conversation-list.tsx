import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/feedback';
import { useFormat } from '../../lib/format';
import { PRIORITY_TONE, STATUS_TONE, type Conversation } from './inbox-api';

/**
 * The conversations as a list of links: Tab reaches the selected one, ↑/↓ (or j/k anywhere on the
 * page) move through them and open the next, Enter opens the focused one.
 */
export function ConversationList({ conversations, selectedId, onMove, search }: { conversations: Conversation[]; selectedId?: string; onMove: (step: 1 | -1) => void; search: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onMove(e.key === 'ArrowDown' ? 1 : -1);
    }
  };
  const tabStop = selectedId && conversations.some((c) => c.id === selectedId) ? selectedId : conversations[0]?.id;
  return (
    <ul className="conversation-list" onKeyDown={onKeyDown}>
      {conversations.map((c) => (
        <li key={c.id}>
          <Link
            id={`conversation-${c.id}`}
            to={{ pathname: `/inbox/${c.id}`, search }}
            className="conversation-item"
            aria-current={c.id === selectedId ? 'page' : undefined}
            tabIndex={c.id === tabStop ? 0 : -1}
          >
            <span className="conversation-subject">{c.subject || t('inbox.noSubject')}</span>
            <span className="conversation-contact muted">{c.contact ?? t(`inbox.kind.${c.kind}`)}</span>
            <span className="conversation-meta">
              <Badge tone={STATUS_TONE[c.status]}>{t(`inbox.status.${c.status}`)}</Badge>
              {c.priority !== 'normal' && <Badge tone={PRIORITY_TONE[c.priority]}>{t(`inbox.priority.${c.priority}`)}</Badge>}
              {c.kind === 'follow_up' && <Badge tone="bad">{t('inbox.kind.follow_up')}</Badge>}
              <span className="muted small">{t('inbox.messageCount', { count: c.messageCount })} · {f.dateTime(c.lastMessageAt ?? c.createdAt)}</span>
            </span>
            {c.tags.length > 0 && <span className="conversation-tags small">{c.tags.map((tag) => `#${tag}`).join(' ')}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}

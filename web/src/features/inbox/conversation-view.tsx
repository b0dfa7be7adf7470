import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Badge, QueryStatus } from '../../components/feedback';
import { Icon } from '../../components/icon';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { attachmentUrl, fetchConversation, fetchMessages, inboxKeys, PRIORITY_TONE, STATUS_TONE, type Message } from './inbox-api';
import { ConversationControls } from './conversation-controls';
import { ReplyBox } from './reply-box';
import { CustomerPanel } from './customer-panel';
import { CsatStatus } from './csat-status';

/** One conversation: who else is on it, its state, the messages and the reply box. */
export function ConversationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const canWrite = me.permissions.includes('inbox:write');
  const conversation = useQuery({ queryKey: inboxKeys.conversation(id), queryFn: ({ signal }) => fetchConversation(id, signal) });
  const messages = useQuery({ queryKey: inboxKeys.messages(id), queryFn: ({ signal }) => fetchMessages(id, signal) });
  const viewers = useQuery({ queryKey: inboxKeys.viewers(id), queryFn: ({ signal }) => ok(client.GET('/conversations/{id}/viewers', { params: { path: { id } }, signal })) });
  const others = (viewers.data?.data ?? []).filter((v) => v.userId !== me.user?.id);
  const c = conversation.data;

  // The newest message is the one to read: keep it in view as messages arrive.
  const count = messages.data?.data.length ?? 0;
  useEffect(() => {
    document.getElementById('conversation-end')?.scrollIntoView({ block: 'end' });
  }, [count]);

  return (
    <>
      <section className="inbox-conversation card" aria-labelledby="conversation-title">
        <QueryStatus query={conversation} />
        {c && (
          <>
            <header className="conversation-header">
              <h2 id="conversation-title">{c.subject || t('inbox.noSubject')}</h2>
              <div className="conversation-meta">
                <Badge tone={STATUS_TONE[c.status]}>{t(`inbox.status.${c.status}`)}</Badge>
                <Badge tone={PRIORITY_TONE[c.priority]}>{t(`inbox.priority.${c.priority}`)}</Badge>
                <Badge tone={c.kind === 'follow_up' ? 'bad' : 'neutral'}>{t(`inbox.kind.${c.kind}`)}</Badge>
                <span className="muted small">{c.channel}{c.language ? ` · ${c.language}` : ''}</span>
                <CsatStatus conversation={c} canWrite={canWrite} />
              </div>
              <p className="inbox-viewers small" role="status" aria-live="polite">
                {others.length > 0 && (
                  <>
                    <Icon name="customers" size={14} /> {t('inbox.viewers', { names: others.map((v) => v.name).join(', '), count: others.length })}
                  </>
                )}
              </p>
            </header>
            {canWrite && <ConversationControls conversation={c} />}
          </>
        )}
        <QueryStatus query={messages} />
        <ol className="inbox-messages" aria-label={t('inbox.messages')}>
          {messages.data?.data.map((m) => <MessageItem key={m.id} conversationId={id} message={m} />)}
        </ol>
        <div id="conversation-end" />
        {c && canWrite && <ReplyBox conversation={c} />}
      </section>
      {c && <CustomerPanel customerId={c.customerId} contact={c.contact} followUp={c.followUp} />}
    </>
  );
}

/** A message is text: React renders it as text nodes, so HTML a customer wrote is shown, never run. */
function MessageItem({ conversationId, message: m }: { conversationId: string; message: Message }) {
  const { t } = useTranslation();
  const f = useFormat();
  const kind = m.internal ? 'note' : m.direction;
  return (
    <li className={`inbox-message inbox-message-${kind}`}>
      <div className="inbox-message-head small">
        <strong>{m.sender ?? (m.direction === 'in' ? t('inbox.customer') : t('inbox.agent'))}</strong>
        <span className="muted">{t(`inbox.direction.${kind}`)} · <time dateTime={m.sentAt}>{f.dateTime(m.sentAt)}</time></span>
      </div>
      <p className="inbox-message-text">{m.text}</p>
      {m.attachments.length > 0 && (
        <ul className="inbox-attachments small" aria-label={t('inbox.attachments')}>
          {m.attachments.map((a) => (
            <li key={a.id}>
              <a href={attachmentUrl(conversationId, a.id)} download={a.fileName}>
                {a.fileName} <span className="muted">({f.number(Math.ceil(a.size / 1024))} kB)</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {m.droppedAttachments.length > 0 && (
        <ul className="inbox-attachments-dropped small" role="status">
          {m.droppedAttachments.map((d, i) => (
            <li key={i}>{t('inbox.attachmentDropped', { name: d.name, size: f.number(Math.ceil(d.sizeBytes / 1024)) })}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

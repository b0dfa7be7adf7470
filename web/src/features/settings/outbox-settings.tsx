import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { Badge, LoadMore, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { settingsKeys } from './settings-api';

const STATUS_TONE: Record<string, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = {
  sent: 'good',
  kept: 'info',
  queued: 'neutral',
  failed: 'bad',
  retrying: 'warn',
};

/**
 * Every e-mail Kunde wrote. Without SMTP the messages are kept here, so an invitation link can
 * still be passed on by hand. Bodies are shown as plain text: they can contain customer input.
 */
export default function OutboxSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const outbox = useInfiniteQuery({
    queryKey: settingsKeys.outbox,
    queryFn: ({ pageParam, signal }) => ok(client.GET('/outbox', { params: { query: { cursor: pageParam, limit: 25 } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const messages = outbox.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.outbox')} description={t('outbox.description')} />
      <QueryStatus query={outbox} />
      {outbox.isSuccess && messages.length === 0 && <EmptyState level={3} icon="inbox" title={t('outbox.empty')} />}
      <ul className="message-list">
        {messages.map((m) => (
          <li key={m.id} className="message">
            <details>
              <summary>
                <span className="message-subject">{m.subject}</span>
                <span className="message-meta">
                  <span>{t('outbox.to', { to: m.to })}</span>
                  <span>{fmt.dateTime(m.createdAt)}</span>
                  <Badge tone={STATUS_TONE[m.status] ?? 'neutral'}>{t(`outbox.statuses.${m.status}`, { defaultValue: m.status })}</Badge>
                </span>
              </summary>
              <dl className="message-facts">
                <dt>{t('outbox.kind')}</dt>
                <dd>{m.kind}</dd>
                <dt>{t('outbox.attempts')}</dt>
                <dd>{fmt.number(m.attempts)}</dd>
                <dt>{t('outbox.sentAt')}</dt>
                <dd>{fmt.dateTime(m.sentAt)}</dd>
                {m.lastError && (
                  <>
                    <dt>{t('outbox.lastError')}</dt>
                    <dd className="text-bad">{m.lastError}</dd>
                  </>
                )}
              </dl>
              <pre className="message-text">{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
      <LoadMore query={outbox} />
    </section>
  );
}

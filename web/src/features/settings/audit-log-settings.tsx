import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { TextField } from '../../components/field';
import { LoadMore, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { settingsKeys, type AuditEntry } from './settings-api';
import { TableWrap } from '../../components/table-wrap';

const PAGE_SIZE = 50;

const MAX_VALUE = 80;

/** Details as short "key: value" lines; the full value stays available as a tooltip. */
function Details({ details }: { details: AuditEntry['details'] }) {
  if (!details || Object.keys(details).length === 0) return <>—</>;
  return (
    <ul className="audit-details">
      {Object.entries(details).map(([key, value]) => {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        return (
          <li key={key} title={text.length > MAX_VALUE ? text : undefined}>
            <span className="muted">{key}:</span> {text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text}
          </li>
        );
      })}
    </ul>
  );
}

/** Ids are long UUIDs; the first block is enough to tell rows apart, the rest is one hover away. */
const shortId = (id: string) => (id.length > 13 ? `${id.slice(0, 13)}…` : id);

/** Who did what, when and from where — newest first, filtered by action prefix. */
export default function AuditLogSettings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [action, setAction] = useState('');
  const log = useInfiniteQuery({
    queryKey: settingsKeys.audit(action),
    queryFn: ({ pageParam, signal }) =>
      ok(client.GET('/audit-log', { params: { query: { action, cursor: pageParam, limit: PAGE_SIZE } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setAction(String(new FormData(e.currentTarget).get('action') ?? '').trim());
  };
  const entries = log.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section className="panel">
      <PageHeader level={2} title={t('settings.auditLog')} description={t('audit.description')} />
      <form onSubmit={filter} className="inline-form" role="search">
        <TextField label={t('audit.action')} name="action" defaultValue={action} placeholder={t('audit.actionPlaceholder')} />
        <button type="submit" className="button">{t('common.filter')}</button>
      </form>
      <QueryStatus query={log} />
      {log.isSuccess && entries.length === 0 && <EmptyState level={3} icon="settings" title={t('audit.empty')} />}
      {entries.length > 0 && (
        <TableWrap label={t('settings.auditLog')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{fmt.dateTime(e.createdAt)}</td>
                  <td>
                    {e.actorLabel}
                    <span className="muted small block">{t(`audit.actorTypes.${e.actorType}`, { defaultValue: e.actorType })}</span>
                    {e.ip && <span className="muted small block mono" title={t('audit.ip')}>{e.ip}</span>}
                  </td>
                  <td><code>{e.action}</code></td>
                  <td>{e.targetType ? <>{e.targetType}{e.targetId && <span className="muted small block mono" title={e.targetId}>{shortId(e.targetId)}</span>}</> : '—'}</td>
                  <td className="details-cell"><Details details={e.details} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={log} />
    </section>
  );
}

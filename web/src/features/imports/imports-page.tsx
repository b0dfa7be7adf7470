import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { importKeys, isRunning } from './imports-api';
import { ImportWizard } from './import-wizard';
import { StatusBadge } from './import-progress';
import './imports.css';
import { TableWrap } from '../../components/table-wrap';

function ImportHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const imports = useQuery({
    queryKey: importKeys.list,
    queryFn: ({ signal }) => ok(client.GET('/imports', { params: { query: { limit: 50 } }, signal })),
    refetchInterval: (q) => (q.state.data?.data.some((j) => isRunning(j.status)) ? 2000 : false),
  });
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">{t('imports.history.title')}</h2>
      <QueryStatus query={imports} />
      {imports.data && imports.data.data.length === 0 && <EmptyState level={3} icon="inbox" title={t('imports.history.empty')} />}
      {imports.data && imports.data.data.length > 0 && (
        <TableWrap label={t('imports.history.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('imports.history.file')}</th>
                <th scope="col">{t('imports.history.kind')}</th>
                <th scope="col">{t('imports.history.status')}</th>
                <th scope="col" className="num">{t('imports.history.rows')}</th>
                <th scope="col" className="num">{t('imports.counts.created')}</th>
                <th scope="col" className="num">{t('imports.counts.updated')}</th>
                <th scope="col" className="num">{t('imports.counts.rejected')}</th>
                <th scope="col">{t('imports.history.started')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.data.data.map((j) => (
                <tr key={j.id}>
                  <td><Link to={`/customers/imports/${j.id}`}>{j.fileName}</Link></td>
                  <td>{t(`imports.kinds.${j.kind}`)}</td>
                  <td><StatusBadge status={j.status} /></td>
                  <td className="num">{fmt.number(j.progress.processed)}</td>
                  <td className="num">{fmt.number(j.counts.created)}</td>
                  <td className="num">{fmt.number(j.counts.updated)}</td>
                  <td className="num">{j.errorsUrl ? <a href={j.errorsUrl} download title={t('imports.errorReport', { rows: fmt.number(j.counts.rejected) })}>{fmt.number(j.counts.rejected)}</a> : fmt.number(j.counts.rejected)}</td>
                  <td className="nowrap">{fmt.dateTime(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

/** Import customers or events from CSV, and every import so far. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const canImport = useCan('customers:import');
  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      {canImport && <ImportWizard />}
      <ImportHistory />
    </>
  );
}

import './analytics.css';
import { useTranslation } from 'react-i18next';
import { TableWrap } from '../../components/table-wrap';
import { downloadCsv, type Cell } from './csv';

export interface Column {
  key: string;
  label: string;
}

/**
 * The numbers behind a chart, as a table and as a CSV download: a chart is never the only way to
 * read them (screen readers, copying into a report).
 */
export function DataTable({ caption, columns, rows, fileName }: { caption: string; columns: Column[]; rows: Record<string, Cell>[]; fileName: string }) {
  const { t } = useTranslation();
  const csv = () => downloadCsv(fileName, [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => r[c.key]))]);
  return (
    <details className="an-data">
      <summary>
        {t('analytics.table.show')}
      </summary>
      <div className="an-data-actions">
        <button type="button" className="button button-small" onClick={csv}>{t('analytics.table.csv')}</button>
      </div>
      <TableWrap label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>{columns.map((c) => <th key={c.key} scope="col">{c.label}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>{columns.map((c) => <td key={c.key}>{r[c.key] ?? '–'}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}

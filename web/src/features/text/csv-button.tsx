import { useTranslation } from 'react-i18next';
import { useCan } from '../../lib/session';
import { downloadCsv, toCsv } from './csv';

type Cell = string | number | boolean | null | undefined;

/** Downloads what a chart shows as CSV; rows are built on click, so big tables cost nothing until asked. */
export function CsvButton({ filename, header, rows, label }: { filename: string; header: string[]; rows: () => Cell[][]; label?: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button-small" onClick={() => downloadCsv(filename, toCsv(header, rows()))} aria-label={label}>
      {t('feedback.downloadCsv')}
    </button>
  );
}

/**
 * Downloads a server-side CSV export (streamed, every row, the view's filter) for roles that may export.
 * The address is made again on click, because the period ends "now" and a tab can stay open for hours.
 */
export function ExportLink({ href, what }: { href: () => string; what: string }) {
  const { t } = useTranslation();
  const canExport = useCan('text:export');
  if (!canExport) return null;
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what is downloaded.
  return (
    <a className="button button-small" href={href()} download aria-label={`${t('feedback.downloadCsv')}: ${what}`} onClick={(e) => { e.currentTarget.href = href(); }}>
      {t('feedback.downloadCsv')}
    </a>
  );
}

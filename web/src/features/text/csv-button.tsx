import { useTranslation } from 'react-i18next';
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

import './print.css';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';

/**
 * "Print / save as PDF": the browser's own print dialog (every browser can save as PDF there) on the
 * print stylesheet. Data tables inside closed <details> open for printing (CSS cannot show them) and
 * close again afterwards, so the report carries the numbers behind each chart.
 */
export function PrintButton() {
  const { t } = useTranslation();
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = [...document.querySelectorAll<HTMLDetailsElement>('main details:not([open])')];
      for (const d of opened) d.open = true;
    };
    const after = () => {
      for (const d of opened) d.open = false;
      opened = [];
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return (
    <>
      <button type="button" className="button" onClick={() => window.print()}>{t('reports.print')}</button>
      <PrintedAt />
    </>
  );
}

/** Only on paper: which workspace and when, since a printed page has no URL bar. */
function PrintedAt() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  return <p className="report-printed-at">{t('reports.printedAt', { workspace: me.workspace.name, date: fmt.dateTime(new Date()) })}</p>;
}

import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { EmptyState } from './empty-state';

/** Shown when a page crashes or its code cannot load (often: a new version was deployed). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <main className="centered-page">
      <EmptyState icon="warning" title={t('errors.pageFailed')}
        action={<button type="button" className="button button-primary" onClick={() => window.location.reload()}>{t('errors.reload')}</button>}>
        <p>{t('errors.pageFailedText')}</p>
      </EmptyState>
    </main>
  );
}

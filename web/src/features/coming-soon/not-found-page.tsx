import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState icon="warning" title={t('notFound.title')} action={<Link className="button" to="/">{t('comingSoon.backToOverview')}</Link>}>
        <p>{t('notFound.text')}</p>
      </EmptyState>
    </>
  );
}

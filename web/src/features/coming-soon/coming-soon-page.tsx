import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import type { IconName } from '../../components/icon';

/** A navigation entry whose feature has not landed yet: say so kindly and point somewhere useful. */
export function ComingSoonPage({ label, icon }: { label: string; icon: IconName }) {
  const { t } = useTranslation();
  const name = t(label);
  return (
    <>
      <PageHeader title={name} />
      <EmptyState icon={icon} title={t('comingSoon.title', { name })}
        action={<Link className="button" to="/">{t('comingSoon.backToOverview')}</Link>}>
        <p>{t('comingSoon.text')}</p>
      </EmptyState>
    </>
  );
}

import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, client, ok } from '../../lib/api';
import { EmptyState } from '../../components/empty-state';
import { LoadError, Loading } from '../../components/feedback';
import { useDocumentTitle } from '../../components/page-header';
import { customerKeys, displayName } from './customers-api';
import { ProfileHeader, TraitCards } from './profile-summary';
import { AttributesPanel, IdentitiesPanel, MergesPanel } from './profile-details';
import { CustomerTimeline } from './customer-timeline';
import { PrivacyActions } from './privacy-actions';
import { ChurnValuePanel } from '../churn/churn-value-panel';
import './customer-profile.css';

/** One customer: who they are, their traits, everything that happened, segments, merges, privacy. */
export default function CustomerProfile() {
  const { t } = useTranslation();
  const { customerId = '' } = useParams();
  const navigate = useNavigate();
  const customer = useQuery({
    queryKey: customerKeys.detail(customerId),
    queryFn: ({ signal }) => ok(client.GET('/customers/{id}', { params: { path: { id: customerId } }, signal })),
  });
  const c = customer.data;
  useDocumentTitle(c ? (displayName(c) ?? t('customers.anonymous')) : t('customers.list.title'));

  // An id that was merged away answers with the surviving profile; show that profile's own URL.
  useEffect(() => {
    if (c?.mergedFrom && c.id !== customerId) navigate(`/customers/${c.id}`, { replace: true, state: { mergedFrom: c.mergedFrom } });
  }, [c, customerId, navigate]);

  const back = <Link to="/customers" className="back-link">← {t('customers.profile.back')}</Link>;
  if (customer.isPending) return <Loading />;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <>
        {back}
        {missing ? <EmptyState icon="customers" title={t('customers.profile.notFound')} /> : <LoadError error={customer.error} onRetry={() => void customer.refetch()} />}
      </>
    );
  }
  if (!c) return null;
  return (
    <>
      {back}
      <ProfileHeader customer={c} />
      <TraitCards customer={c} />
      <div className="profile-columns">
        <CustomerTimeline customerId={c.id} erased={c.erasedAt !== null} />
        <div className="profile-side">
          <ChurnValuePanel customerId={c.id} churnRisk={c.churnRisk} churnFactors={c.churnFactors} />
          <AttributesPanel customer={c} />
          <IdentitiesPanel customer={c} />
          <MergesPanel customer={c} />
          <PrivacyActions customer={c} />
        </div>
      </div>
    </>
  );
}

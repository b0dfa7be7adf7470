import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { useCan } from '../../lib/session';
import { Loading } from '../../components/feedback';
import './customers.css';

const CustomerList = lazy(() => import('./customer-list'));
const CustomerProfile = lazy(() => import('./customer-profile'));
const SegmentList = lazy(() => import('../segments/segment-list'));
const SegmentEditor = lazy(() => import('../segments/segment-editor'));
const PersonaGallery = lazy(() => import('../personas/persona-gallery'));
const PersonaEditor = lazy(() => import('../personas/persona-editor'));
const ImportsPage = lazy(() => import('../imports/imports-page'));
const ImportRun = lazy(() => import('../imports/import-run'));

/**
 * The customers section: people, the segments and personas built from them, and CSV imports.
 * Links are absolute: relative ones inside the `customers/*` splat resolve against the whole URL.
 */
export default function CustomersPage() {
  const { t } = useTranslation();
  const canSegments = useCan('segments:read');
  const tabs = [
    { to: '/customers', label: t('customers.tabs.people'), end: true, show: true },
    { to: '/customers/segments', label: t('customers.tabs.segments'), end: false, show: canSegments },
    { to: '/customers/personas', label: t('customers.tabs.personas'), end: false, show: canSegments },
    { to: '/customers/imports', label: t('customers.tabs.imports'), end: false, show: true },
  ];
  return (
    <>
      <nav className="section-tabs" aria-label={t('customers.tabs.label')}>
        <ul>
          {tabs.filter((tab) => tab.show).map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end={tab.end} className="section-tab">{tab.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<CustomerList />} />
          <Route path="segments" element={<SegmentList />} />
          <Route path="segments/new" element={<SegmentEditor />} />
          <Route path="segments/:segmentId" element={<SegmentEditor />} />
          <Route path="personas" element={<PersonaGallery />} />
          <Route path="personas/new" element={<PersonaEditor />} />
          <Route path="personas/:personaId" element={<PersonaEditor />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="imports/:importId" element={<ImportRun />} />
          <Route path=":customerId" element={<CustomerProfile />} />
        </Routes>
      </Suspense>
    </>
  );
}

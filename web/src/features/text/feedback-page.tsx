import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import { useCan } from '../../lib/session';
import { Loading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import './text.css';

const ThemesView = lazy(() => import('./themes-view'));
const ThemeComments = lazy(() => import('./theme-comments'));
const ExploreView = lazy(() => import('./explore-view'));
const RequestsView = lazy(() => import('./requests-view'));
const ModelsView = lazy(() => import('./models-view'));
const AnalyzeView = lazy(() => import('./analyze-view'));
const CategoriesView = lazy(() => import('./categories-view'));

/**
 * Customer feedback (text analytics): what customers write about, how they feel about it, what it costs
 * in NPS, what they ask for, and the models that read it. Tabs keep the period and language filter.
 */
export default function FeedbackPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const canTrain = useCan('text:train');
  const tabs = [
    { to: '/feedback', label: t('feedback.tabs.themes'), end: true, show: true },
    { to: '/feedback/explore', label: t('feedback.tabs.explore'), end: false, show: true },
    { to: '/feedback/requests', label: t('feedback.tabs.requests'), end: false, show: true },
    { to: '/feedback/categories', label: t('feedback.tabs.categories'), end: false, show: true },
    { to: '/feedback/models', label: t('feedback.tabs.models'), end: false, show: canTrain },
    { to: '/feedback/analyze', label: t('feedback.tabs.analyze'), end: false, show: true },
  ];
  return (
    <>
      <PageHeader title={t('nav.feedback')} description={t('feedback.description')} />
      <nav className="fb-tabs" aria-label={t('feedback.tabs.label')}>
        <ul>
          {tabs.filter((tab) => tab.show).map((tab) => (
            <li key={tab.to}>
              <NavLink to={{ pathname: tab.to, search }} end={tab.end} className="fb-tab">{tab.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<ThemesView />} />
          <Route path="themes/:theme" element={<ThemeComments />} />
          <Route path="explore" element={<ExploreView />} />
          <Route path="requests" element={<RequestsView />} />
          <Route path="models" element={<ModelsView />} />
          <Route path="analyze" element={<AnalyzeView />} />
          <Route path="categories" element={<CategoriesView />} />
        </Routes>
      </Suspense>
    </>
  );
}

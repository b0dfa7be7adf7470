import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../components/feedback';
import './surveys.css';

const SurveyList = lazy(() => import('./survey-list'));
const NewSurvey = lazy(() => import('./new-survey'));
const SurveyEditor = lazy(() => import('./survey-editor'));
const SurveyResults = lazy(() => import('./survey-results'));
const DistributionPage = lazy(() => import('./distribution/distribution-page'));
const SharePage = lazy(() => import('./share/share-page'));
const ResponseImportPage = lazy(() => import('./import/response-import-page'));
const ResponseImportRun = lazy(() => import('./import/response-import-run'));

/** The surveys section: the list, templates, the builder with its live preview, and results. */
export default function SurveysPage() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<SurveyList />} />
        <Route path="new" element={<NewSurvey />} />
        <Route path=":id" element={<SurveyEditor />} />
        <Route path=":id/results" element={<SurveyResults />} />
        <Route path=":id/distribution" element={<DistributionPage />} />
        <Route path=":id/share" element={<SharePage />} />
        <Route path=":id/import" element={<ResponseImportPage />} />
        <Route path=":id/import/:importId" element={<ResponseImportRun />} />
      </Routes>
    </Suspense>
  );
}

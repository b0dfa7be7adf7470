import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { IconName } from './components/icon';
import { AppLayout } from './components/app-layout';
import { RequireSession } from './components/require-session';
import { Loading } from './components/feedback';
import { RouteError } from './components/route-error';
import { ComingSoonPage } from './features/coming-soon/coming-soon-page';

/** One entry of the left navigation and the page it opens. */
export interface NavPage {
  /** URL segment under / ('' is the overview). The page owns everything below it (`/customers/*`). */
  path: string;
  /** Message key of the navigation label. */
  label: string;
  icon: IconName;
  /** Only roles holding this permission see the entry (see src/platform/auth/permissions.ts). */
  permission?: string;
  /** The page, code-split; without one the entry shows a friendly "coming soon" state. */
  page?: LazyExoticComponent<ComponentType>;
}

/**
 * The navigation registry. Adding a feature is one line here: give its entry a `page`, e.g.
 * `page: lazy(() => import('./features/customers/customers-page'))`; nested URLs are the
 * feature's own <Routes> inside that page (link to them absolutely, `/customers/${id}`: relative
 * links inside a splat route resolve against the whole current URL).
 */
export const navPages: NavPage[] = [
  { path: '', label: 'nav.overview', icon: 'overview', page: lazy(() => import('./features/overview/overview-page')) },
  { path: 'customers', label: 'nav.customers', icon: 'customers', permission: 'customers:read', page: lazy(() => import('./features/customers/customers-page')) },
  { path: 'surveys', label: 'nav.surveys', icon: 'surveys', permission: 'surveys:read', page: lazy(() => import('./features/surveys/surveys-page')) },
  { path: 'feedback', label: 'nav.feedback', icon: 'sparkles', permission: 'text:read', page: lazy(() => import('./features/text/feedback-page')) },
  { path: 'analytics', label: 'nav.analytics', icon: 'analytics', permission: 'analytics:read', page: lazy(() => import('./features/analytics/analytics-page')) },
  // More specific than analytics/*, so react-router picks it for /analytics/churn.
  { path: 'analytics/churn', label: 'nav.churn', icon: 'analytics', permission: 'analytics:read', page: lazy(() => import('./features/churn/churn-page')) },
  { path: 'inbox', label: 'nav.inbox', icon: 'inbox', permission: 'inbox:read', page: lazy(() => import('./features/inbox/inbox-page')) },
  { path: 'journeys', label: 'nav.journeys', icon: 'journeys' },
  { path: 'settings', label: 'nav.settings', icon: 'settings', page: lazy(() => import('./features/settings/settings-page')) },
];

const LoginPage = lazy(() => import('./features/auth/login-page'));
const AcceptInvitationPage = lazy(() => import('./features/auth/accept-invitation-page'));
const NotFoundPage = lazy(() => import('./features/coming-soon/not-found-page'));

function pageRoute(p: NavPage): RouteObject {
  const Page = p.page;
  const element = Page ? <Page /> : <ComingSoonPage label={p.label} icon={p.icon} />;
  return p.path === '' ? { index: true, element } : { path: `${p.path}/*`, element };
}

const suspended = (element: ReactNode) => <Suspense fallback={<Loading />}>{element}</Suspense>;

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: suspended(<LoginPage />), errorElement: <RouteError /> },
    { path: '/invite/:token', element: suspended(<AcceptInvitationPage />), errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <AppLayout nav={navPages} />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      children: [...navPages.map(pageRoute), { path: '*', element: <NotFoundPage /> }],
    },
  ]);
}

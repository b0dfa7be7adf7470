import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useSession, type Me } from '../../lib/session';
import { Loading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';

interface SettingsSection {
  path: string;
  label: string;
  isVisible: (me: Me) => boolean;
  page: LazyExoticComponent<ComponentType>;
}

const has = (permission: string) => (me: Me) => me.permissions.includes(permission);

/** Settings sections; each is its own chunk and appears only to roles that may use it. */
const SECTIONS: SettingsSection[] = [
  { path: 'workspace', label: 'settings.workspace', isVisible: has('workspace:read'), page: lazy(() => import('./workspace-settings')) },
  { path: 'members', label: 'settings.members', isVisible: has('members:read'), page: lazy(() => import('./members-settings')) },
  { path: 'api-keys', label: 'settings.apiKeys', isVisible: has('api-keys:manage'), page: lazy(() => import('./api-keys-settings')) },
  { path: 'audit-log', label: 'settings.auditLog', isVisible: has('audit:read'), page: lazy(() => import('./audit-log-settings')) },
  { path: 'jobs', label: 'settings.jobs', isVisible: has('jobs:read'), page: lazy(() => import('./jobs-settings')) },
  { path: 'canned-replies', label: 'inbox.canned.title', isVisible: has('inbox:write'), page: lazy(() => import('../inbox/canned-replies-settings')) },
  { path: 'website-chat', label: 'inbox.chat.title', isVisible: has('inbox:manage'), page: lazy(() => import('../inbox/chat-settings')) },
  { path: 'inbox-csat', label: 'inbox.csat.title', isVisible: has('inbox:manage'), page: lazy(() => import('../inbox/csat-settings')) },
  { path: 'webhooks', label: 'settings.webhooks', isVisible: has('inbox:manage'), page: lazy(() => import('../inbox/webhooks-settings')) },
  { path: 'outbox', label: 'settings.outbox', isVisible: has('outbox:read'), page: lazy(() => import('./outbox-settings')) },
  { path: 'reports', label: 'settings.reports', isVisible: has('workspace:manage'), page: lazy(() => import('../reports/digest-settings')) },
  { path: 'profile', label: 'settings.profile', isVisible: (me) => me.user !== null, page: lazy(() => import('./profile-settings')) },
  // Sessions and workspaces belong to a person; an API key has neither.
  { path: 'sessions', label: 'settings.sessions', isVisible: (me) => me.user !== null, page: lazy(() => import('./sessions-settings')) },
  { path: 'workspaces', label: 'settings.workspaces', isVisible: (me) => me.user !== null, page: lazy(() => import('./workspaces-settings')) },
];

// Links are absolute: relative ones inside a splat route (`settings/*`) resolve against the whole URL.
export default function SettingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const sections = SECTIONS.filter((s) => s.isVisible(me));
  return (
    <>
      <PageHeader title={t('nav.settings')} />
      <div className="settings">
        <nav className="settings-nav" aria-label={t('settings.sections')}>
          <ul>
            {sections.map((s) => (
              <li key={s.path}>
                <NavLink to={`/settings/${s.path}`} className="settings-link">{t(s.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-content">
          <Suspense fallback={<Loading />}>
            <Routes>
              {sections.map(({ path, page: Section }) => (
                <Route key={path} path={path} element={<Section />} />
              ))}
              <Route path="*" element={sections[0] ? <Navigate to={`/settings/${sections[0].path}`} replace /> : null} />
            </Routes>
          </Suspense>
        </div>
      </div>
    </>
  );
}

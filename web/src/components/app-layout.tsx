import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import type { NavPage } from '../routes';
import { Icon } from './icon';
import { Loading } from './feedback';
import { UserMenu } from './user-menu';
import { WorkspaceSwitcher } from './workspace-switcher';

/** The frame around every signed-in page: top bar, left navigation, the page itself. */
export function AppLayout({ nav }: { nav: NavPage[] }) {
  const { t } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const section = location.pathname.split('/')[1] ?? '';
  const shownSection = useRef(section);

  // After client-side navigation, focus moves to the new content as a full page load would.
  useEffect(() => {
    setNavOpen(false);
    if (shownSection.current === section) return;
    shownSection.current = section;
    main.current?.focus({ preventScroll: true });
  }, [section]);

  const visible = nav.filter((p) => !p.permission || me.permissions.includes(p.permission));

  return (
    <div className={`app${navOpen ? ' nav-open' : ''}`}>
      <a className="skip-link" href="#main">{t('layout.skipToContent')}</a>
      <header className="topbar">
        <button type="button" className="icon-button nav-toggle" aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen((o) => !o)}>
          <Icon name={navOpen ? 'close' : 'menu'} />
          <span className="visually-hidden">{t('layout.toggleNavigation')}</span>
        </button>
        {/* Named on the link itself: on a phone the word is hidden and only the logo shows. */}
        <NavLink to="/" className="brand" aria-label="Kunde">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Kunde</span>
        </NavLink>
        <WorkspaceSwitcher />
        <div className="topbar-spacer" />
        <UserMenu />
      </header>
      <nav id="main-nav" className="sidebar" aria-label={t('layout.mainNavigation')}>
        <ul>
          {visible.map((p) => (
            <li key={p.path}>
              <NavLink to={`/${p.path}`} end={p.path === ''} className="nav-link">
                <Icon name={p.icon} />
                <span>{t(p.label)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {navOpen && <div className="nav-scrim" aria-hidden="true" onClick={() => setNavOpen(false)} />}
      <main id="main" ref={main} tabIndex={-1} className="content">
        <Suspense fallback={<Loading />}>
          {/* A new workspace starts every page fresh (forms, one-time secrets, filters). */}
          <Outlet key={me.workspaceId} />
        </Suspense>
      </main>
    </div>
  );
}

import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { meQuery, SessionContext } from '../lib/session';
import { setLanguage, supportedLanguage, browserLanguage } from '../i18n';
import { Loading, LoadError } from './feedback';

/** Pages behind sign-in: loads /me, follows the user's language, sends strangers to /login. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useQuery(meQuery);
  const language = supportedLanguage(me.data?.user?.language);

  useEffect(() => {
    if (me.data) void setLanguage(language ?? browserLanguage());
  }, [me.data, language]);

  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <main className="centered-page">
        <LoadError error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

import { useEffect, useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { client, messageOf, ok, setCsrfToken } from '../lib/api';
import { meQuery, useSession } from '../lib/session';
import { LANGUAGES, languageAutonym, setLanguage, type Language } from '../i18n';
import { Icon } from './icon';
import { useToast } from './toast';

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]?.toUpperCase()).join('') || '?';
}

/** The signed-in person: language, profile, sign-out. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notify = useToast();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const languageId = useId();
  const displayName = me.user?.name || me.user?.email || t('user.apiKeySession');

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const changeLanguage = async (language: Language) => {
    await setLanguage(language);
    if (!me.user) return;
    try {
      await ok(client.PATCH('/me', { body: { language } }));
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    } catch (err) {
      notify(messageOf(err), 'error');
    }
  };

  const logOut = async () => {
    try {
      await ok(client.POST('/auth/logout'));
    } catch {
      // The session may already be gone; signing out locally is what the person asked for.
    }
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(meQuery.queryKey, null);
    navigate('/login', { replace: true });
  };

  return (
    <div className="user-menu" ref={root}>
      <button ref={button} type="button" className="user-menu-button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">{initials(displayName)}</span>
        <span className="user-menu-name">{displayName}</span>
        <span className="visually-hidden">{t('user.menu')}</span>
        <Icon name="chevron" size={16} />
      </button>
      <div id={menuId} className="user-menu-panel" hidden={!open}>
        <div className="user-menu-identity">
          <strong>{displayName}</strong>
          {me.user && <span>{me.user.email}</span>}
          <span>{t(`roles.${me.role}`)}</span>
        </div>
        <div className="field">
          <label htmlFor={languageId}>{t('user.language')}</label>
          <select id={languageId} value={i18n.language} onChange={(e) => void changeLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>{languageAutonym(l)}</option>
            ))}
          </select>
        </div>
        {me.user && (
          <Link className="user-menu-item" to="/settings/profile" onClick={() => setOpen(false)}>
            {t('user.profile')}
          </Link>
        )}
        {me.user && (
          <Link className="user-menu-item" to="/settings/workspaces" onClick={() => setOpen(false)}>
            {t('user.workspaces')}
          </Link>
        )}
        <button type="button" className="user-menu-item" onClick={() => void logOut()}>
          <Icon name="logout" size={16} />
          {t('user.logOut')}
        </button>
      </div>
    </div>
  );
}

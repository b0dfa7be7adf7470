import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, languageAutonym, setLanguage, type Language } from '../../i18n';

/** The centred card of the public pages (sign-in, invitation), with a language choice before sign-in. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const languageId = useId();
  return (
    <div className="auth-page">
      <main className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>Kunde</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </main>
      <footer className="auth-language">
        <label htmlFor={languageId}>{t('user.language')}</label>
        <select id={languageId} value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>{languageAutonym(l)}</option>
          ))}
        </select>
      </footer>
    </div>
  );
}

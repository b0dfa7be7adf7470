import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { PageHeader } from '../../components/page-header';
import { PrintButton } from '../reports/print-button';
import { Icon, type IconName } from '../../components/icon';
import { OverviewMetrics } from './overview-metrics';
import { OverviewRetention } from './overview-retention';

interface NextStep {
  key: string;
  icon: IconName;
  to: string;
  permission?: string;
}

// The first things a new workspace needs, in the order people usually do them.
const NEXT_STEPS: NextStep[] = [
  { key: 'workspace', icon: 'settings', to: '/settings/workspace', permission: 'workspace:manage' },
  { key: 'members', icon: 'customers', to: '/settings/members', permission: 'members:manage' },
  { key: 'apiKeys', icon: 'key', to: '/settings/api-keys', permission: 'api-keys:manage' },
  { key: 'customers', icon: 'customers', to: '/customers', permission: 'customers:read' },
];

function currencyName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const me = useSession();
  const fmt = useFormat();
  const name = me.user?.name?.split(' ')[0];
  const steps = NEXT_STEPS.filter((s) => !s.permission || me.permissions.includes(s.permission));
  const now = new Date();

  return (
    <>
      <PageHeader title={t('overview.title')} description={name ? t('overview.greeting', { name }) : t('overview.greetingAnonymous')} actions={<PrintButton />} />
      {me.permissions.includes('analytics:read') && <OverviewMetrics />}
      {me.permissions.includes('analytics:read') && <OverviewRetention />}
      <section className="cards" aria-label={t('overview.workspaceFacts')}>
        <div className="card stat">
          <span className="stat-label">{t('overview.workspace')}</span>
          <span className="stat-value">{me.workspace.name}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('overview.localTime')}</span>
          <span className="stat-value">{fmt.dateTime(now)}</span>
          <span className="stat-note">{me.workspace.timeZone}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('overview.currency')}</span>
          <span className="stat-value">{me.workspace.baseCurrency}</span>
          <span className="stat-note">{currencyName(fmt.locale, me.workspace.baseCurrency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('overview.yourRole')}</span>
          <span className="stat-value">{t(`roles.${me.role}`)}</span>
        </div>
      </section>
      <section className="panel" aria-labelledby="next-steps">
        <h2 id="next-steps">{t('overview.nextSteps')}</h2>
        <ul className="next-steps">
          {steps.map((s) => (
            <li key={s.key}>
              <Link to={s.to} className="next-step">
                <span className="next-step-icon"><Icon name={s.icon} /></span>
                <span>
                  <strong>{t(`overview.steps.${s.key}.title`)}</strong>
                  <span className="next-step-text">{t(`overview.steps.${s.key}.text`)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { Icon } from '../../components/icon';
import { filterSearch, type InsightFilter, type RisingIssue } from './text-api';
import { useThemeName } from './theme-name';

/**
 * Themes whose share of the latest week jumped beyond their usual variation, each with the reason in
 * numbers (this week, usually, the line it crossed) so an analyst can judge the flag, not just trust it.
 */
export function RisingIssues({ rising, filter }: { rising: RisingIssue[]; filter: InsightFilter }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const pct = (v: number) => `${fmt.number(Math.round(v * 1000) / 10)} %`;
  if (rising.length === 0) return <p className="muted fb-note">{t('feedback.rising.none')}</p>;
  return (
    <ul className="fb-rising" aria-label={t('feedback.rising.title')}>
      {rising.map((r) => (
        <li key={r.theme} className="fb-rising-item">
          <Icon name="warning" size={18} />
          <div>
            <Link to={`/feedback/themes/${encodeURIComponent(r.theme)}${filterSearch(filter)}`} className="fb-rising-theme">{themeName(r.theme)}</Link>
            <p className="small">{t('feedback.rising.reason', { latest: pct(r.latestShare), usual: pct(r.usualShare), threshold: pct(r.threshold) })}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

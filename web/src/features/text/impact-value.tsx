import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';

/** NPS points a theme costs: "+4.2" reads as "NPS would be 4.2 points higher without its detractors". */
export function ImpactValue({ value }: { value: number | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (value === null) return <span className="muted" title={t('feedback.themes.noNps')}>–</span>;
  const rounded = Math.round(value * 10) / 10;
  return <span className={rounded > 0 ? 'fb-impact' : undefined}>{`${rounded > 0 ? '+' : ''}${fmt.number(rounded)}`}</span>;
}

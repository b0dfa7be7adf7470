import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/feedback';
import { formatChange, formatInterval, formatValue, verdictTone } from './metric-format';
import type { MetricAnswer, MetricGroup, MetricName } from './metrics-api';

type Comparison = NonNullable<MetricAnswer['groupComparison']>;

/**
 * Two groups of the breakdown side by side (team A against team B, segment A against segment B) with
 * the significance test of the difference; below 30 answers on a side it says so instead of a p-value.
 * The picks live in the address as groupA and groupB.
 */
export function GroupCompare({ metric, groups, a, b, comparison, locale, onChange }: {
  metric: MetricName;
  groups: MetricGroup[];
  a: string;
  b: string;
  comparison: Comparison | undefined;
  locale: string;
  onChange: (patch: { groupA?: string; groupB?: string }) => void;
}) {
  const { t } = useTranslation();
  const choices = groups.filter((g): g is MetricGroup & { key: string } => g.key !== null);
  const pick = (side: 'groupA' | 'groupB', value: string) => (
    <label className="field">
      <span>{t(side === 'groupA' ? 'analytics.groupCompare.a' : 'analytics.groupCompare.b')}</span>
      <select value={value} onChange={(e) => onChange({ [side]: e.target.value })} data-testid={`compare-${side}`}>
        <option value="">{t('analytics.groupCompare.pick')}</option>
        {choices.map((g) => <option key={g.key} value={g.key}>{g.label ?? g.key}</option>)}
        {value && !choices.some((g) => g.key === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
  const side = (f: Comparison['a']) => (
    <div className="card stat">
      <span className="stat-label">{f.label}</span>
      <span className="stat-value">{formatValue(metric, f.value, locale)} <span className="an-interval">{formatInterval(metric, f, locale)}</span></span>
      <span className="stat-note">{t('analytics.basedOn', { n: new Intl.NumberFormat(locale).format(f.n) })}</span>
    </div>
  );
  return (
    <section className="panel" aria-label={t('analytics.groupCompare.title')}>
      <h2 className="section-title">{t('analytics.groupCompare.title')}</h2>
      <div className="an-filters">{pick('groupA', a)}{pick('groupB', b)}</div>
      {comparison && (
        <div className="cards" data-testid="group-comparison">
          {side(comparison.a)}
          {side(comparison.b)}
          <div className="card stat">
            <span className="stat-label">{t('analytics.groupCompare.difference')}</span>
            <span className="stat-value">{formatChange(metric, comparison.test, locale)}</span>
            <span className="stat-note"><Badge tone={verdictTone(comparison.test)}>{t(`analytics.verdict.${comparison.test.verdict}`)}</Badge></span>
            {comparison.test.pValue !== null
              ? <span className="stat-note">p = {comparison.test.pValue.toFixed(4)}</span>
              : <span className="stat-note">{t('analytics.groupCompare.tooFew')}</span>}
          </div>
        </div>
      )}
    </section>
  );
}

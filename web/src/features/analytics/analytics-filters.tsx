import { useTranslation } from 'react-i18next';
import { GROUP_BYS, INTERVALS, METRICS, type MetricName } from './metrics-api';
import { emptyScope, isScoped, SCOPE_KEYS, scopeLabel, ScopeSelects, useScopeChoices, type Scope } from './scope-filters';

export interface Filters extends Scope {
  metric: MetricName;
  surveyId: string;
  from: string;
  to: string;
  interval: string;
  groupBy: string;
  compare: boolean;
}

/** The pickers of the analytics page; every change lands in the URL so a view can be shared. */
export function AnalyticsFilters({ value, onChange }: { value: Filters; onChange: (patch: Partial<Filters>) => void }) {
  const { t } = useTranslation();
  const { surveys, choices, canSeeGroups } = useScopeChoices();
  return (
    <form className="an-filters panel" aria-label={t('analytics.filters')} onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span>{t('analytics.metric')}</span>
        <select value={value.metric} onChange={(e) => onChange({ metric: e.target.value as MetricName })}>
          {METRICS.map((m) => <option key={m} value={m}>{t(`analytics.metrics.${m}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('analytics.survey')}</span>
        <select value={value.surveyId} onChange={(e) => onChange({ surveyId: e.target.value })}>
          <option value="">{t('analytics.allSurveys')}</option>
          {surveys.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('analytics.from')}</span>
        <input type="date" value={value.from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('analytics.to')}</span>
        <input type="date" value={value.to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('analytics.interval')}</span>
        <select value={value.interval} onChange={(e) => onChange({ interval: e.target.value })}>
          {INTERVALS.map((i) => <option key={i} value={i}>{t(`analytics.intervals.${i}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('analytics.groupBy')}</span>
        <select value={value.groupBy} onChange={(e) => onChange({ groupBy: e.target.value })}>
          <option value="">{t('analytics.noGrouping')}</option>
          {GROUP_BYS.map((g) => <option key={g} value={g}>{t(`analytics.dimensions.${g}`)}</option>)}
        </select>
      </label>
      <ScopeSelects value={value} onChange={onChange} choices={choices} canSeeGroups={canSeeGroups} />
      {isScoped(value) && (
        <div className="field">
          <span>{t('analytics.drilledInto')}</span>
          <button type="button" className="button button-small" onClick={() => onChange(emptyScope)}>
            {SCOPE_KEYS.filter((k) => value[k]).map((k) => scopeLabel(choices, k, value[k])).join(' · ')} ✕
            <span className="visually-hidden"> {t('analytics.clearScope')}</span>
          </button>
        </div>
      )}
      <label className="an-check">
        <input type="checkbox" checked={value.compare} onChange={(e) => onChange({ compare: e.target.checked })} />
        <span>{t('analytics.comparePrevious')}</span>
      </label>
    </form>
  );
}

import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchUpdater } from '../../lib/use-search-updater';
import { useNavigate, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { LoadError } from '../../components/feedback';
import { MetricCard } from '../analytics/metric-card';
import { TrendView, usePeriodLabel } from '../analytics/metric-views';
import { DataTable } from '../analytics/data-table';
import { BreakdownChart } from '../analytics/breakdown-chart';
import { TrendChart } from '../analytics/trend-chart';
import { lastDays, useMetric, type MetricName, type MetricQuery, type SeriesPoint } from '../analytics/metrics-api';
import { scopeFromParams, scopeQuery, ScopeSelects, useScopeChoices, type Scope } from '../analytics/scope-filters';

const HEADLINES: MetricName[] = ['nps', 'csat', 'ces', 'response-rate'];
const PERIODS = [30, 90, 365] as const;
type Days = (typeof PERIODS)[number];
const isDays = (v: number): v is Days => (PERIODS as readonly number[]).includes(v);

/**
 * Where a CX lead starts the day: NPS, CSAT, CES and responses for the chosen period with their
 * intervals and change against the period before, the NPS trend with its band and the response
 * volume. A point or bar of any chart opens the Analytics page on that metric and period. The filters live in the address bar, so a
 * bookmarked or shared Overview opens as it was, and the drill-down carries them to Analytics.
 */
export function OverviewMetrics() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const updateSearch = useSearchUpdater();
  const asked = Number(params.get('days'));
  const days: Days = isDays(asked) ? asked : 30;
  const surveyId = params.get('surveyId') ?? '';
  const scope = scopeFromParams(params);
  // Reads the address bar when called, so two quick changes both stick.
  const change = useCallback((patch: Partial<Scope & { days: string; surveyId: string }>) => {
    updateSearch((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });
  }, [updateSearch]);
  const { surveys, choices, canSeeGroups } = useScopeChoices();
  const period = useMemo(() => lastDays(days, fmt.timeZone), [days, fmt.timeZone]);
  const interval = days > 90 ? 'month' : days > 30 ? 'week' : 'day';
  const base: MetricQuery = { ...period, surveyId: surveyId || undefined, ...scopeQuery(scope) };
  const headline = { ...base, compare: 'previous' as const };
  const nps = useMetric('nps', headline);
  const csat = useMetric('csat', headline);
  const ces = useMetric('ces', headline);
  const responses = useMetric('response-rate', headline);
  const npsTrend = useMetric('nps', { ...base, interval });
  const csatTrend = useMetric('csat', { ...base, interval });
  const cesTrend = useMetric('ces', { ...base, interval });
  const volume = useMetric('response-rate', { ...base, interval });
  const answers = { nps, csat, ces, 'response-rate': responses };
  const trends = { nps: npsTrend, csat: csatTrend, ces: cesTrend, 'response-rate': volume };
  const failed = [nps, csat, ces, responses, npsTrend, csatTrend, cesTrend, volume].find((q) => q.isError);
  const periodLabel = usePeriodLabel(interval, fmt.locale);
  // Every chart drills: a card's trend point or a volume bar opens Analytics on that metric and period.
  const drill = (metric: MetricName) => (p: SeriesPoint) => {
    const q = new URLSearchParams({ metric, from: p.period, to: p.period, interval: 'day', ...(surveyId ? { surveyId } : {}), ...scopeQuery(scope) });
    if (interval !== 'day') q.set('to', new Date(Date.parse(p.end) - 43_200_000).toISOString().slice(0, 10));
    void navigate(`/analytics?${q.toString()}`);
  };

  return (
    <section aria-labelledby="cx-metrics" className="an-overview">
      <div className="section-head">
        <h2 id="cx-metrics">{t('analytics.overview.title')}</h2>
        <div className="an-overview-filters">
          <div role="group" aria-label={t('analytics.overview.period')}>
            {PERIODS.map((d) => (
              <button key={d} type="button" className={`sv-chip${days === d ? ' sv-chip-active' : ''}`} aria-pressed={days === d} onClick={() => change({ days: d === 30 ? '' : String(d) })}>
                {t('analytics.overview.lastDays', { days: d })}
              </button>
            ))}
          </div>
          <label className="an-inline">
            <span>{t('analytics.survey')}</span>
            <select value={surveyId} onChange={(e) => change({ surveyId: e.target.value })} data-testid="overview-survey">
              <option value="">{t('analytics.allSurveys')}</option>
              {surveys.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
          <ScopeSelects value={scope} onChange={change} choices={choices} canSeeGroups={canSeeGroups} className="an-inline" />
        </div>
      </div>
      {failed && <LoadError error={failed.error} />}
      <div className="cards">
        {HEADLINES.map((m) => {
          const a = answers[m].data;
          const series = trends[m].data?.series;
          return a ? (
            <MetricCard key={m} metric={m} answer={a} locale={fmt.locale}>
              {series && <TrendChart compact height={56} points={series} label={t('analytics.trend', { metric: t(`analytics.metrics.${m}`) })} periodLabel={periodLabel} onSelect={drill(m)} />}
            </MetricCard>
          ) : <div key={m} className="card stat"><span className="stat-label">{t(`analytics.metrics.${m}`)}</span><span className="stat-value">…</span></div>;
        })}
      </div>
      {npsTrend.data?.series && (
        <TrendView metric="nps" points={npsTrend.data.series} interval={interval} locale={fmt.locale} onSelect={drill('nps')} title={t('analytics.trend', { metric: t('analytics.metrics.nps') })} />
      )}
      {volume.data?.series && (
        <section className="panel" aria-label={t('analytics.overview.volume')}>
          <h2 className="section-title">{t('analytics.overview.volume')}</h2>
          <BreakdownChart
            label={t('analytics.overview.volume')}
            bars={volume.data.series.map((p) => ({ label: periodLabel(p), value: p.n, low: null, high: null, n: p.n, standsOut: true }))}
            onSelect={(i) => { const p = volume.data?.series?.[i]; if (p) drill('response-rate')(p); }}
          />
          <DataTable
            caption={t('analytics.overview.volume')}
            fileName="response-volume.csv"
            columns={[{ key: 'period', label: t('analytics.col.period') }, { key: 'n', label: t('analytics.overview.responses') }, { key: 'finished', label: t('analytics.overview.finished') }]}
            rows={volume.data.series.map((p) => ({ period: p.period, n: p.n, finished: p.finished ?? null }))}
          />
        </section>
      )}
    </section>
  );
}

import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useSearchUpdater } from '../../lib/use-search-updater';
import { PageHeader } from '../../components/page-header';
import { PrintButton } from '../reports/print-button';
import { Badge, LoadError, Loading } from '../../components/feedback';
import { AnalyticsFilters, type Filters } from './analytics-filters';
import { scopeFromParams, scopeQuery } from './scope-filters';
import { KeyDriversView } from './key-drivers-view';
import { SupportSection } from './support-section';
import { SocialSection } from './social-section';
import { GroupCompare } from './group-compare';
import { MetricCard } from './metric-card';
import { BreakdownView, TrendView } from './metric-views';
import { formatChange, formatInterval, formatValue, verdictTone } from './metric-format';
import { lastDays, METRICS, type Interval, type MetricGroup, type MetricName, type MetricQuery, type SeriesPoint, useMetric } from './metrics-api';

const isMetric = (v: string | null): v is MetricName => (METRICS as readonly string[]).includes(v ?? '');

/**
 * Any CX metric with its interval, over time and by group, compared with the previous period. The
 * view lives in the URL (metric, survey, period, interval, group by, drill-down filters), so the
 * Overview can link into it and a view can be shared.
 */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params] = useSearchParams();
  const updateSearch = useSearchUpdater();
  const fallback = useMemo(() => lastDays(90, fmt.timeZone), [fmt.timeZone]);
  const filters: Filters = {
    metric: isMetric(params.get('metric')) ? (params.get('metric') as MetricName) : 'nps',
    surveyId: params.get('surveyId') ?? '',
    from: params.get('from') ?? fallback.from,
    to: params.get('to') ?? fallback.to,
    interval: params.get('interval') ?? 'week',
    groupBy: params.get('groupBy') ?? '',
    compare: params.get('compare') !== 'off',
    ...scopeFromParams(params),
  };
  // Merge into the current address: other sections (support, social, compare) keep their own params there.
  const groupA = params.get('groupA') ?? '';
  const groupB = params.get('groupB') ?? '';
  const driverAttrs = useMemo(() => (params.get('driverAttrs') ?? '').split(',').filter(Boolean), [params]);
  const change = useCallback(
    (patch: Partial<Filters>) =>
      updateSearch((cur) => {
        const out = new URLSearchParams(cur);
        // Compared groups belong to one dimension: a new grouping starts without them.
        if ('groupBy' in patch) for (const k of ['groupA', 'groupB']) out.delete(k);
        for (const [k, v] of Object.entries(patch)) {
          if (k === 'compare') {
            if (v) out.delete('compare');
            else out.set('compare', 'off');
          } else if (v) out.set(k, String(v));
          else out.delete(k);
        }
        return out;
      }),
    [updateSearch],
  );
  const query: MetricQuery = {
    surveyId: filters.surveyId || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    interval: filters.interval as Interval,
    groupBy: filters.groupBy || undefined,
    compare: filters.compare && filters.from && filters.to ? 'previous' : undefined,
    ...scopeQuery(filters),
    ...(groupA && groupB && filters.groupBy ? { groupA, groupB } : {}),
  };
  const result = useMetric(filters.metric, query);
  const a = result.data;
  const metric = filters.metric;

  // A point drills into its period by day; a bar into its group (as a filter, or the survey).
  const drillPeriod = useCallback(
    (p: SeriesPoint) => change({ from: p.period, to: lastDayOf(p), interval: 'day' }),
    [change],
  );
  const drillGroup = useCallback(
    (g: MetricGroup) => {
      if (g.key === null) return;
      if (filters.groupBy === 'survey') change({ surveyId: g.key, groupBy: '' });
      else if (filters.groupBy === 'touchpoint') change({ touchpoint: g.key, groupBy: 'channel' });
      else if (filters.groupBy === 'channel') change({ channel: g.key, groupBy: 'survey' });
      else if (filters.groupBy === 'team') change({ team: g.key, groupBy: 'survey' });
      else if (filters.groupBy === 'segment') change({ segmentId: g.key, groupBy: '' });
      else if (filters.groupBy === 'persona') change({ personaId: g.key, groupBy: '' });
    },
    [change, filters.groupBy],
  );

  return (
    <>
      <PageHeader title={t('analytics.title')} description={t('analytics.description')} actions={<PrintButton />} />
      <AnalyticsFilters value={filters} onChange={change} />
      {result.isPending && <Loading />}
      {result.isError && <LoadError error={result.error} onRetry={() => void result.refetch()} />}
      {a && (
        <>
          <section className="cards" aria-label={t('analytics.headline')}>
            <MetricCard metric={metric} answer={a} locale={fmt.locale} />
            {a.comparison && (
              <div className="card stat" data-testid="comparison">
                <span className="stat-label">{t('analytics.previousPeriod')}</span>
                <span className="stat-value">
                  {formatValue(metric, a.comparison.previous.value, fmt.locale)} <span className="an-interval">{formatInterval(metric, a.comparison.previous, fmt.locale)}</span>
                </span>
                <span className="stat-note">{t('analytics.basedOn', { n: fmt.number(a.comparison.previous.n) })}</span>
                <span className="stat-note">
                  {formatChange(metric, a.comparison.test, fmt.locale)}{' '}
                  <Badge tone={verdictTone(a.comparison.test)}>{t(`analytics.verdict.${a.comparison.test.verdict}`)}</Badge>
                </span>
                {a.comparison.test.pValue !== null && <span className="stat-note">p = {a.comparison.test.pValue.toFixed(4)}</span>}
              </div>
            )}
            <div className="card stat">
              <span className="stat-label">{t('analytics.formula')}</span>
              <span className="stat-note">{a.formula}</span>
              {a.missing && <span className="stat-note">{a.missing}</span>}
            </div>
          </section>
          {a.series && <TrendView metric={metric} points={a.series} interval={a.interval} locale={fmt.locale} onSelect={drillPeriod} title={t('analytics.trend', { metric: t(`analytics.metrics.${metric}`) })} />}
          {a.groups && (
            <BreakdownView metric={metric} groups={a.groups} locale={fmt.locale} onSelect={drillGroup}
              title={t('analytics.breakdown', { metric: t(`analytics.metrics.${metric}`), dimension: t(`analytics.dimensions.${filters.groupBy}`, { defaultValue: filters.groupBy }) })} />
          )}
          {a.groups && filters.groupBy && (
            <GroupCompare metric={metric} groups={a.groups} a={groupA} b={groupB} comparison={a.groupComparison} locale={fmt.locale}
              onChange={(patch) => updateSearch((cur) => {
                const next = new URLSearchParams(cur);
                for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
                return next;
              })} />
          )}
        </>
      )}
      {metric === 'nps' && (
        <KeyDriversView
          query={filters.surveyId ? { surveyId: filters.surveyId, from: query.from, to: query.to, ...scopeQuery(filters), ...(driverAttrs.length ? { attributes: driverAttrs.join(',') } : {}) } : null}
          attributes={driverAttrs}
          onAttributesChange={(next) => updateSearch((cur) => {
            const out = new URLSearchParams(cur);
            if (next.length) out.set('driverAttrs', next.join(','));
            else out.delete('driverAttrs');
            return out;
          })}
        />
      )}
      <SupportSection
        base={{ from: query.from, to: query.to, interval: query.interval, team: filters.team || undefined, channel: filters.channel || undefined }}
        scoped={!!(filters.touchpoint || filters.segmentId || filters.personaId)}
        locale={fmt.locale}
      />
      <SocialSection base={{ from: query.from, to: query.to, interval: query.interval }} locale={fmt.locale} />
    </>
  );
}

/** The last local day of a period (its end is the next period's first midnight). */
function lastDayOf(p: SeriesPoint): string {
  const d = new Date(`${p.period}T00:00:00Z`);
  const days = Math.round((Date.parse(p.end) - Date.parse(p.start)) / 86_400_000);
  d.setUTCDate(d.getUTCDate() + Math.max(0, days - 1));
  return d.toISOString().slice(0, 10);
}

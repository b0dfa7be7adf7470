import { useCallback, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchUpdater } from '../../lib/use-search-updater';
import { useSearchParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { LoadError, Loading } from '../../components/feedback';
import { BreakdownChart } from './breakdown-chart';
import { DataTable } from './data-table';
import { TrendChart } from './trend-chart';
import { usePeriodLabel } from './metric-views';
import { formatSupport, SUPPORT_GROUP_BYS, SUPPORT_METRICS, useSupportMetric, type SupportAnswer, type SupportGroupBy, type SupportMetricName, type SupportQuery } from './support-api';

const isMetric = (v: string | null): v is SupportMetricName => (SUPPORT_METRICS as readonly string[]).includes(v ?? '');
const isGroupBy = (v: string | null): v is SupportGroupBy => (SUPPORT_GROUP_BYS as readonly string[]).includes(v ?? '');
const orNull = (v: number | null | undefined) => v ?? null;

/** One headline per support measure; pressing it shows its trend and groups below. */
function SupportCard({ metric, query, selected, onSelect, locale }: { metric: SupportMetricName; query: SupportQuery; selected: boolean; onSelect: () => void; locale: string }) {
  const { t } = useTranslation();
  const a = useSupportMetric(metric, query).data;
  const interval = a && a.low !== null && a.low !== undefined && a.high !== null && a.high !== undefined ? `${formatSupport(a.unit, a.low, locale)} – ${formatSupport(a.unit, a.high, locale)}` : null;
  return (
    <button type="button" className={`card stat an-support-card${selected ? ' an-support-card-active' : ''}`} aria-pressed={selected} onClick={onSelect} data-testid={`support-${metric}`}>
      <span className="stat-label">{t(`analytics.support.metrics.${metric}`)}</span>
      <span className="stat-value">{a ? formatSupport(a.unit, a.value, locale) : '…'}</span>
      {interval && <span className="stat-note">{t('analytics.support.interval', { interval })}</span>}
      {a && <span className="stat-note">{t('analytics.support.basedOn', { n: new Intl.NumberFormat(locale).format(a.n) })}</span>}
      {a && a.unit !== 'count' && a.n > 0 && a.low === null && <span className="stat-note">{t('analytics.support.tooFew')}</span>}
    </button>
  );
}

/**
 * Support measures from the inbox beside the survey metrics: first response and resolution time (median
 * with an order-statistics interval), first-contact resolution, SLA met and detractor follow-up (Wilson
 * intervals), and the backlog (a count, drawn as bars). Only period, team and channel apply to conversations.
 */
export function SupportSection({ base, scoped, locale }: { base: SupportQuery; scoped: boolean; locale: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const updateSearch = useSearchUpdater();
  const metric: SupportMetricName = isMetric(params.get('support')) ? (params.get('support') as SupportMetricName) : 'first-response-time';
  const groupBy = isGroupBy(params.get('supportBy')) ? (params.get('supportBy') as SupportGroupBy) : undefined;
  const set = useCallback((k: string, v: string) => updateSearch((cur) => {
    const next = new URLSearchParams(cur);
    if (v) next.set(k, v);
    else next.delete(k);
    return next;
  }), [updateSearch]);
  const headline = { from: base.from, to: base.to, team: base.team, channel: base.channel };
  const detail = useSupportMetric(metric, { ...base, groupBy });
  const canSeeMembers = useCan('members:read');
  const members = useQuery({ queryKey: ['members', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/members', { signal })), enabled: canSeeMembers && groupBy === 'agent', staleTime: 60_000 });
  const names = useMemo(() => new Map((members.data?.data ?? []).map((m) => [m.userId, m.name || m.email])), [members.data]);
  const periodLabel = usePeriodLabel(base.interval, locale);
  const name = t(`analytics.support.metrics.${metric}`);
  const a: SupportAnswer | undefined = detail.data;
  const groupName = useCallback((key: string | null) => (key === null ? t('analytics.noValue') : groupBy === 'agent' ? (names.get(key) ?? key) : key), [t, groupBy, names]);
  const points = useMemo(() => (a?.series ?? []).map((p) => ({ ...p, low: orNull(p.low), high: orNull(p.high) })), [a]);
  const bars = useMemo(() => (a?.groups ?? []).map((g) => ({ label: groupName(g.key), value: g.value, low: orNull(g.low), high: orNull(g.high), n: g.n, standsOut: true })), [a, groupName]);
  const fmt = (v: number | null | undefined) => formatSupport(a?.unit ?? 'count', v, locale);

  return (
    <section className="panel" aria-labelledby="support-metrics">
      <h2 id="support-metrics" className="section-title">{t('analytics.support.title')}</h2>
      <p className="muted small">{t('analytics.support.note')}</p>
      {scoped && <p className="muted small">{t('analytics.support.scopeNote')}</p>}
      <div className="cards">
        {SUPPORT_METRICS.map((m) => <SupportCard key={m} metric={m} query={headline} selected={m === metric} onSelect={() => set('support', m === 'first-response-time' ? '' : m)} locale={locale} />)}
      </div>
      <label className="an-inline">
        <span>{t('analytics.groupBy')}</span>
        <select value={groupBy ?? ''} onChange={(e) => set('supportBy', e.target.value)} data-testid="support-group-by">
          <option value="">{t('analytics.noGrouping')}</option>
          {SUPPORT_GROUP_BYS.map((g) => <option key={g} value={g}>{t(`analytics.support.dimensions.${g}`)}</option>)}
        </select>
      </label>
      {detail.isPending && <Loading />}
      {detail.isError && <LoadError error={detail.error} onRetry={() => void detail.refetch()} />}
      {a && (
        <>
          <p className="small">{a.formulaName}: {a.formula}</p>
          {a.series && (
            <section className="an-support-figure" aria-label={t('analytics.trend', { metric: name })}>
              <h3 className="card-title">{t('analytics.trend', { metric: name })}</h3>
              {a.unit === 'count' ? (
                <BreakdownChart label={t('analytics.trend', { metric: name })} bars={points.map((p) => ({ label: periodLabel(p), value: p.value, low: null, high: null, n: p.n, standsOut: true }))} />
              ) : (
                <>
                  <p className="muted small">{t(a.unit === 'minutes' ? 'analytics.support.minutesNote' : 'analytics.bandNote')}</p>
                  <TrendChart points={points} label={t('analytics.trend', { metric: name })} periodLabel={periodLabel} />
                </>
              )}
              <DataTable caption={t('analytics.trend', { metric: name })} fileName={`${metric}-trend.csv`}
                columns={[{ key: 'period', label: t('analytics.col.period') }, { key: 'value', label: name }, { key: 'low', label: t('analytics.col.low') }, { key: 'high', label: t('analytics.col.high') }, { key: 'n', label: t('analytics.support.cases') }]}
                rows={points.map((p) => ({ period: p.period, value: fmt(p.value), low: fmt(p.low), high: fmt(p.high), n: p.n }))} />
            </section>
          )}
          {a.groups && groupBy && (
            <section className="an-support-figure" aria-label={t('analytics.breakdown', { metric: name, dimension: t(`analytics.support.dimensions.${groupBy}`) })}>
              <h3 className="card-title">{t('analytics.breakdown', { metric: name, dimension: t(`analytics.support.dimensions.${groupBy}`) })}</h3>
              <BreakdownChart label={t('analytics.breakdown', { metric: name, dimension: t(`analytics.support.dimensions.${groupBy}`) })} bars={bars} />
              <DataTable caption={t('analytics.breakdown', { metric: name, dimension: t(`analytics.support.dimensions.${groupBy}`) })} fileName={`${metric}-by-${groupBy}.csv`}
                columns={[{ key: 'group', label: t('analytics.col.group') }, { key: 'value', label: name }, { key: 'low', label: t('analytics.col.low') }, { key: 'high', label: t('analytics.col.high') }, { key: 'n', label: t('analytics.support.cases') }]}
                rows={(a.groups ?? []).map((g) => ({ group: groupName(g.key), value: fmt(g.value), low: fmt(g.low), high: fmt(g.high), n: g.n }))} />
            </section>
          )}
        </>
      )}
    </section>
  );
}

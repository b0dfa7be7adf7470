import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchUpdater } from '../../lib/use-search-updater';
import { useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/feedback';
import { BreakdownChart } from './breakdown-chart';
import { DataTable } from './data-table';
import { TrendChart } from './trend-chart';
import { usePeriodLabel } from './metric-views';
import { formatRate, useSocialEngagement, type SocialAnswer, type SocialQuery } from './social-api';

/**
 * Social engagement rate (engagements ÷ impressions) from imported social_metrics reports: the headline
 * with its Wilson interval, the trend with its band, and the rate per network. A network picked (a bar
 * or the select) narrows the headline and the trend; it lives in the address as `socialNetwork`.
 */
export function SocialSection({ base, locale }: { base: Pick<SocialQuery, 'from' | 'to' | 'interval'>; locale: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const updateSearch = useSearchUpdater();
  const network = params.get('socialNetwork') ?? '';
  const setNetwork = useCallback((v: string) => updateSearch((cur) => {
    const next = new URLSearchParams(cur);
    if (v) next.set('socialNetwork', v);
    else next.delete('socialNetwork');
    return next;
  }), [updateSearch]);
  const detail = useSocialEngagement({ ...base, network: network || undefined });
  const byNetwork = useSocialEngagement({ from: base.from, to: base.to, groupBy: 'network' });
  const a: SocialAnswer | undefined = detail.data;
  const groups = useMemo(() => byNetwork.data?.groups ?? [], [byNetwork.data]);
  const networkName = useCallback((key: string | null) => key ?? t('analytics.noValue'), [t]);
  const periodLabel = usePeriodLabel(base.interval, locale);
  const num = (v: number) => new Intl.NumberFormat(locale).format(v);
  const name = t('analytics.social.rate');
  const trendTitle = network ? t('analytics.social.trendOf', { network }) : t('analytics.trend', { metric: name });
  const barsTitle = t('analytics.breakdown', { metric: name, dimension: t('analytics.social.network') });
  const bars = useMemo(() => groups.map((g) => ({ label: networkName(g.key), value: g.value, low: g.low, high: g.high, n: g.n, standsOut: g.key === network || !network })), [groups, networkName, network]);
  const pick = useCallback((i: number) => { const g = groups[i]; if (g?.key) setNetwork(g.key); }, [groups, setNetwork]);
  const figureColumns = [
    { key: 'value', label: t('analytics.social.rateCol') }, { key: 'low', label: t('analytics.col.low') }, { key: 'high', label: t('analytics.col.high') },
    { key: 'engagements', label: t('analytics.social.engagements') }, { key: 'n', label: t('analytics.social.impressions') }, { key: 'reports', label: t('analytics.social.reports') },
  ];
  const figureRow = (f: Omit<SocialAnswer, 'metric' | 'formula' | 'timeZone' | 'from' | 'to' | 'interval' | 'series' | 'groups'>) =>
    ({ value: f.value, low: f.low, high: f.high, engagements: f.engagements, n: f.n, reports: f.reports });

  return (
    <section className="panel" aria-labelledby="social-metrics">
      <h2 id="social-metrics" className="section-title">{t('analytics.social.title')}</h2>
      <p className="muted small">{t('analytics.social.note')}</p>
      <label className="an-inline">
        <span>{t('analytics.social.network')}</span>
        <select value={network} onChange={(e) => setNetwork(e.target.value)} data-testid="social-network">
          <option value="">{t('analytics.social.allNetworks')}</option>
          {[...new Set([...groups.map((g) => g.key).filter((k): k is string => !!k), ...(network ? [network] : [])])].map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </label>
      {detail.isPending && <Loading />}
      {detail.isError && <LoadError error={detail.error} onRetry={() => void detail.refetch()} />}
      {a && a.reports === 0 && <p className="muted" data-testid="social-empty">{t('analytics.social.empty')}</p>}
      {a && a.reports > 0 && (
        <>
          <div className="cards">
            <div className="card stat" data-testid="social-rate">
              <span className="stat-label">{network ? t('analytics.social.rateOf', { network }) : name}</span>
              <span className="stat-value">{formatRate(a.value, locale)}</span>
              {a.low !== null && a.high !== null
                ? <span className="stat-note">{t('analytics.support.interval', { interval: `${formatRate(a.low, locale)} – ${formatRate(a.high, locale)}` })}</span>
                : <span className="stat-note">{t('analytics.social.noInterval')}</span>}
              <span className="stat-note">{t('analytics.social.basedOn', { engagements: num(a.engagements), impressions: num(a.n), reports: num(a.reports) })}</span>
            </div>
          </div>
          <p className="small">{a.formula}</p>
          {a.series && (
            <section className="an-support-figure" aria-label={trendTitle}>
              <h3 className="card-title">{trendTitle}</h3>
              <p className="muted small">{t('analytics.bandNote')}</p>
              <TrendChart points={a.series} label={trendTitle} periodLabel={periodLabel} />
              <DataTable caption={trendTitle} fileName={`social-engagement${network ? `-${network}` : ''}-trend.csv`}
                columns={[{ key: 'period', label: t('analytics.col.period') }, ...figureColumns]}
                rows={a.series.map((p) => ({ period: p.period, ...figureRow(p) }))} />
            </section>
          )}
        </>
      )}
      {byNetwork.isError && <LoadError error={byNetwork.error} onRetry={() => void byNetwork.refetch()} />}
      {groups.length > 0 && (
        <section className="an-support-figure" aria-label={barsTitle}>
          <h3 className="card-title">{barsTitle}</h3>
          <BreakdownChart label={barsTitle} bars={bars} onSelect={pick} />
          <DataTable caption={barsTitle} fileName="social-engagement-by-network.csv"
            columns={[{ key: 'network', label: t('analytics.social.network') }, ...figureColumns]}
            rows={groups.map((g) => ({ network: networkName(g.key), ...figureRow(g) }))} />
        </section>
      )}
    </section>
  );
}

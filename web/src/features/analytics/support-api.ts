import { useQuery } from '@tanstack/react-query';
import { client, ok, type ApiData } from '../../lib/api';

// Shapes of the support metrics, generated from src/analytics/metrics/support-metrics.schemas.ts.
export type SupportAnswer = ApiData<'get', '/metrics/fcr'>;
export type SupportGroup = NonNullable<SupportAnswer['groups']>[number];

export const SUPPORT_METRICS = ['first-response-time', 'resolution-time', 'fcr', 'sla', 'follow-up', 'backlog'] as const;
export type SupportMetricName = (typeof SUPPORT_METRICS)[number];
export const SUPPORT_GROUP_BYS = ['team', 'agent', 'channel', 'tag'] as const;
export type SupportGroupBy = (typeof SUPPORT_GROUP_BYS)[number];

export interface SupportQuery {
  from?: string;
  to?: string;
  interval?: 'day' | 'week' | 'month' | 'quarter';
  groupBy?: SupportGroupBy;
  team?: string;
  channel?: string;
}

export function fetchSupportMetric(metric: SupportMetricName, query: SupportQuery, signal?: AbortSignal): Promise<SupportAnswer> {
  const init = { params: { query }, signal };
  switch (metric) {
    case 'first-response-time':
      return ok(client.GET('/metrics/first-response-time', init));
    case 'resolution-time':
      return ok(client.GET('/metrics/resolution-time', init));
    case 'fcr':
      return ok(client.GET('/metrics/fcr', init));
    case 'sla':
      return ok(client.GET('/metrics/sla', init));
    case 'follow-up':
      return ok(client.GET('/metrics/follow-up', init));
    case 'backlog':
      return ok(client.GET('/metrics/backlog', init));
  }
}

export function useSupportMetric(metric: SupportMetricName, query: SupportQuery) {
  return useQuery({ queryKey: ['metrics', 'support', metric, query], queryFn: ({ signal }) => fetchSupportMetric(metric, query, signal), staleTime: 30_000 });
}

/**
 * A support figure in its unit: times as minutes, hours or days (whichever reads best, written by Intl in
 * the reader's language), rates in %, counts as numbers.
 */
export function formatSupport(unit: SupportAnswer['unit'], v: number | null | undefined, locale: string): string {
  if (v === null || v === undefined) return '–';
  if (unit === 'percent') return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)} %`;
  if (unit === 'count') return new Intl.NumberFormat(locale).format(v);
  const [amount, as] = v < 90 ? [v, 'minute'] : v < 48 * 60 ? [v / 60, 'hour'] : [v / 1440, 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit: as, unitDisplay: 'short', maximumFractionDigits: amount < 10 ? 1 : 0 }).format(amount);
}

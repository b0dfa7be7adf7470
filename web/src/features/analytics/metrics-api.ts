import { useQuery } from '@tanstack/react-query';
import { client, ok, type ApiData } from '../../lib/api';

// Shapes of the metrics endpoints, generated from src/analytics/metrics/metrics.schemas.ts.
export type MetricAnswer = ApiData<'get', '/metrics/nps'>;
export type SeriesPoint = NonNullable<MetricAnswer['series']>[number];
export type MetricGroup = NonNullable<MetricAnswer['groups']>[number];
export type MetricFigure = NonNullable<MetricAnswer['comparison']>['previous'];
export type SignificanceTest = MetricGroup['vsRest'];

export const METRICS = ['nps', 'csat', 'ces', 'response-rate'] as const;
export type MetricName = (typeof METRICS)[number];
export const INTERVALS = ['day', 'week', 'month', 'quarter'] as const;
export type Interval = (typeof INTERVALS)[number];
export const GROUP_BYS = ['survey', 'touchpoint', 'channel', 'team', 'language', 'segment', 'persona', 'country', 'lifecycle'] as const;

export interface MetricQuery {
  surveyId?: string;
  from?: string;
  to?: string;
  interval?: Interval;
  groupBy?: string;
  compare?: 'previous';
  compareFrom?: string;
  compareTo?: string;
  touchpoint?: string;
  channel?: string;
  team?: string;
  language?: string;
  segmentId?: string;
  personaId?: string;
  groupA?: string;
  groupB?: string;
}

export function fetchMetric(metric: MetricName, query: MetricQuery, signal?: AbortSignal): Promise<MetricAnswer> {
  const init = { params: { query }, signal };
  switch (metric) {
    case 'nps':
      return ok(client.GET('/metrics/nps', init));
    case 'csat':
      return ok(client.GET('/metrics/csat', init));
    case 'ces':
      return ok(client.GET('/metrics/ces', init));
    case 'response-rate':
      return ok(client.GET('/metrics/response-rate', init));
  }
}

export function useMetric(metric: MetricName, query: MetricQuery, enabled = true) {
  return useQuery({
    queryKey: ['metrics', metric, query],
    queryFn: ({ signal }) => fetchMetric(metric, query, signal),
    enabled,
    staleTime: 30_000,
  });
}

/** Today in the workspace's time zone (YYYY-MM-DD), so "last 30 days" means the team's days. */
export function todayIn(timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A day moved by `days` (calendar arithmetic on the date itself, no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last `days` days up to today, inclusive. */
export function lastDays(days: number, timeZone: string | undefined): { from: string; to: string } {
  const to = todayIn(timeZone);
  return { from: addDays(to, -(days - 1)), to };
}

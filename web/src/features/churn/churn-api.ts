import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { client, ok, type ApiData } from '../../lib/api';

// Shapes generated from src/analytics/churn and src/analytics/clv route schemas.
export type ChurnModelState = ApiData<'get', '/analytics/churn-model'>;
export type ChurnModel = NonNullable<ChurnModelState['model']>;
export type AtRiskPage = ApiData<'get', '/analytics/churn-model/at-risk'>;
export type AtRiskCustomer = AtRiskPage['data'][number];
export type ChurnMetric = ApiData<'get', '/metrics/churn'>;
export type RetentionMetric = ApiData<'get', '/metrics/retention'>;
export type ClvMetric = ApiData<'get', '/metrics/clv'>;

export const churnKeys = {
  all: ['churn'] as const,
  model: ['churn', 'model'] as const,
  atRisk: (minRisk: number) => ['churn', 'at-risk', minRisk] as const,
  metrics: ['churn', 'metrics'] as const,
};

/** The model's state; polled while a training or scoring run is under way (`watching`). */
export function useChurnModel(watching: boolean) {
  return useQuery({
    queryKey: churnKeys.model,
    queryFn: ({ signal }) => ok(client.GET('/analytics/churn-model', { signal })),
    refetchInterval: watching ? 2000 : false,
  });
}

const PAGE = 25;

/** Customers at or above `minRisk`, riskiest first, a page at a time (the API's cursor). */
export function useAtRisk(minRisk: number) {
  return useInfiniteQuery({
    queryKey: churnKeys.atRisk(minRisk),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      ok(client.GET('/analytics/churn-model/at-risk', { params: { query: { minRisk, limit: PAGE, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useChurnMetrics() {
  return useQuery({
    queryKey: churnKeys.metrics,
    queryFn: async ({ signal }) => {
      const [churn, retention, clv] = await Promise.all([
        ok(client.GET('/metrics/churn', { params: { query: { interval: 'month' } }, signal })),
        ok(client.GET('/metrics/retention', { params: { query: { interval: 'month' } }, signal })),
        ok(client.GET('/metrics/clv', { params: { query: { interval: 'month' } }, signal })),
      ]);
      return { churn, retention, clv };
    },
    staleTime: 60_000,
  });
}

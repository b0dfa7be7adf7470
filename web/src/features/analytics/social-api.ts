import { useQuery } from '@tanstack/react-query';
import { client, ok, type ApiData } from '../../lib/api';

// Shapes of the social engagement answer, generated from src/analytics/metrics/social-engagement.schemas.ts.
export type SocialAnswer = ApiData<'get', '/metrics/social-engagement'>;
export type SocialGroup = NonNullable<SocialAnswer['groups']>[number];

export interface SocialQuery {
  from?: string;
  to?: string;
  interval?: 'day' | 'week' | 'month' | 'quarter';
  groupBy?: 'network';
  network?: string;
}

export function useSocialEngagement(query: SocialQuery) {
  return useQuery({
    queryKey: ['metrics', 'social-engagement', query],
    queryFn: ({ signal }) => ok(client.GET('/metrics/social-engagement', { params: { query }, signal })),
    staleTime: 30_000,
  });
}

/** An engagement rate in %: small rates keep two decimals (0.42 %), so they do not all read as 0 %. */
export function formatRate(v: number | null | undefined, locale: string): string {
  if (v === null || v === undefined) return '–';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 ? 2 : 1 }).format(v)} %`;
}

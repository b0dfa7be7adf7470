import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { client, ok, type ApiData, type ApiItem } from '../../lib/api';
import { isComplete, type RuleNode } from './rule-model';

// Shapes of the segments endpoints, generated from src/customers/segments/segments.schemas.ts.

export type Segment = ApiData<'get', '/segments/{id}'>;
export type SegmentMember = ApiItem<'/segments/{id}/members'>;
export type SizePoint = ApiItem<'/segments/{id}/history'>;
export type Preview = ApiData<'post', '/segments/preview'>;

export const segmentKeys = {
  all: ['segments'] as const,
  list: ['segments', 'list'] as const,
  detail: (id: string) => ['segments', 'detail', id] as const,
  members: (id: string) => ['segments', 'members', id] as const,
  history: (id: string, days: number) => ['segments', 'history', id, days] as const,
  preview: (rules: unknown) => ['segments', 'preview', JSON.stringify(rules)] as const,
};

export const fetchSegments = (signal?: AbortSignal) => ok(client.GET('/segments', { params: { query: { limit: 200 } }, signal }));

/** A value that settles `ms` after the last change, so typing does not send a request per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The live count of a rule being edited: debounced, the previous number kept on screen while the
 * next one loads, nothing sent while a condition is still half filled in.
 */
export function useRulePreview(rule: RuleNode | null, enabled = true) {
  const settled = useDebounced(rule, 350);
  const ready = enabled && settled !== null && isComplete(settled);
  const query = useQuery({
    queryKey: segmentKeys.preview(settled),
    // Never sent with null: the query is enabled only for a complete rule.
    queryFn: ({ signal }) => ok(client.POST('/segments/preview', { body: { rules: settled ?? {} }, signal })),
    enabled: ready,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });
  return { ...query, isSettling: settled !== rule, isIncomplete: settled !== null && !isComplete(settled) };
}

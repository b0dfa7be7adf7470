import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';

/** Filters that narrow which responses a metric counts; each maps to a query parameter of /metrics/*. */
export const SCOPE_KEYS = ['touchpoint', 'channel', 'team', 'segmentId', 'personaId'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];
export type Scope = Record<ScopeKey, string>;

export const emptyScope: Scope = { touchpoint: '', channel: '', team: '', segmentId: '', personaId: '' };

/** The scope as written in the address bar (absent keys are empty). */
export function scopeFromParams(params: URLSearchParams): Scope {
  return Object.fromEntries(SCOPE_KEYS.map((k) => [k, params.get(k) ?? ''])) as Scope;
}

/** The scope as /metrics/* query parameters: empty filters left out. */
export function scopeQuery(scope: Scope): Partial<Scope> {
  return Object.fromEntries(SCOPE_KEYS.filter((k) => scope[k]).map((k) => [k, scope[k]]));
}

export const isScoped = (scope: Scope) => SCOPE_KEYS.some((k) => scope[k]);

interface Choice {
  value: string;
  label: string;
}

const distinct = (values: (string | null | undefined)[]): Choice[] =>
  [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b)).map((v) => ({ value: v, label: v }));

/** A value from a shared link stays selectable even when this workspace's lists no longer hold it. */
const withCurrent = (choices: Choice[], current: string): Choice[] =>
  !current || choices.some((c) => c.value === current) ? choices : [...choices, { value: current, label: current }];

/**
 * The choices of each scope filter. A response carries its survey's touchpoint, channel and team (an
 * invitation or link may override the first two), so the surveys give the values; the inbox's teams are
 * added because support work is organised by them and surveys are often named after the same teams.
 */
export function useScopeChoices() {
  const canSeeGroups = useCan('segments:read');
  const canSeeInbox = useCan('inbox:read');
  const staleTime = 60_000;
  const surveys = useQuery({ queryKey: ['surveys', 'list', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/surveys', { params: { query: { limit: 100 } }, signal })), staleTime });
  const segments = useQuery({ queryKey: ['segments', 'list', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/segments', { params: { query: { limit: 200 } }, signal })), enabled: canSeeGroups, staleTime });
  const personas = useQuery({ queryKey: ['personas', 'list', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/personas', { params: { query: { limit: 200 } }, signal })), enabled: canSeeGroups, staleTime });
  const teams = useQuery({ queryKey: ['inbox', 'teams', 'analytics'], queryFn: ({ signal }) => ok(client.GET('/inbox/teams', { signal })), enabled: canSeeInbox, staleTime });
  const list = surveys.data?.data ?? [];
  const choices: Record<ScopeKey, Choice[]> = {
    touchpoint: distinct(list.map((s) => s.touchpoint)),
    channel: distinct(list.map((s) => s.channel)),
    team: distinct([...list.map((s) => s.team), ...(teams.data?.data ?? []).map((t) => t.name)]),
    segmentId: (segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
    personaId: (personas.data?.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  };
  return { surveys: list, choices, canSeeGroups };
}

/** Label of a scope value for the "Showing only" line: a segment's or persona's name, else the value. */
export function scopeLabel(choices: Record<ScopeKey, Choice[]>, key: ScopeKey, value: string): string {
  return choices[key].find((c) => c.value === value)?.label ?? value;
}

/** One labelled select per scope filter, each with an "all" choice first. */
export function ScopeSelects({ value, onChange, choices, canSeeGroups, className = 'field' }: {
  value: Scope;
  onChange: (patch: Partial<Scope>) => void;
  choices: Record<ScopeKey, Choice[]>;
  canSeeGroups: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const keys = SCOPE_KEYS.filter((k) => canSeeGroups || (k !== 'segmentId' && k !== 'personaId'));
  return (
    <>
      {keys.map((k) => (
        <label key={k} className={className}>
          <span>{t(`analytics.scope.${k}`)}</span>
          <select value={value[k]} onChange={(e) => onChange({ [k]: e.target.value })} data-testid={`scope-${k}`}>
            <option value="">{t(`analytics.scope.all.${k}`)}</option>
            {withCurrent(choices[k], value[k]).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </label>
      ))}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { languageAutonym } from '../../i18n';
import { SelectField } from '../../components/field';
import { fetchFacets, isNarrowed, PERIODS, TEXT_LANGUAGES, textKeys, useInsightFilter, type FilterField } from './text-api';

interface Choice { value: string; label: string }

/** A value from a shared link stays selectable even when this workspace's list no longer holds it. */
const withCurrent = (choices: Choice[], current: string): Choice[] =>
  !current || choices.some((c) => c.value === current) ? choices : [...choices, { value: current, label: current }];

/**
 * The filter bar of every insight view: period, language, touchpoint, channel, team, segment, persona.
 * Everything is kept in the URL, so a view can be bookmarked and shared with the team as it is, and the
 * tabs and drill-downs carry it along.
 */
export function InsightFilters() {
  const { t } = useTranslation();
  const [filter, setFilter] = useInsightFilter();
  const canSeeGroups = useCan('segments:read');
  const facets = useQuery({ queryKey: textKeys.facets, queryFn: ({ signal }) => fetchFacets(signal), staleTime: 60_000 });
  const segments = useQuery({
    queryKey: ['segments', 'list', 'feedback-filter'],
    queryFn: ({ signal }) => ok(client.GET('/segments', { params: { query: { limit: 200 } }, signal })),
    enabled: canSeeGroups,
    staleTime: 60_000,
  });
  const personas = useQuery({
    queryKey: ['personas', 'list', 'feedback-filter'],
    queryFn: ({ signal }) => ok(client.GET('/personas', { params: { query: { limit: 200 } }, signal })),
    enabled: canSeeGroups,
    staleTime: 60_000,
  });
  const plain = (values: string[] | undefined): Choice[] => (values ?? []).map((v) => ({ value: v, label: v }));
  const languages = [...new Set([...TEXT_LANGUAGES, ...(facets.data?.languages ?? [])])].map((l) => ({ value: l, label: languageAutonym(l) }));
  const selects: { field: FilterField; choices: Choice[]; show: boolean }[] = [
    { field: 'language', choices: languages, show: true },
    { field: 'touchpoint', choices: plain(facets.data?.touchpoints), show: true },
    { field: 'channel', choices: plain(facets.data?.channels), show: true },
    { field: 'team', choices: plain(facets.data?.teams), show: true },
    { field: 'segmentId', choices: (segments.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })), show: canSeeGroups },
    { field: 'personaId', choices: (personas.data?.data ?? []).map((p) => ({ value: p.id, label: p.name })), show: canSeeGroups },
  ];
  return (
    <div className="fb-filters" role="group" aria-label={t('feedback.filters.label')}>
      <SelectField label={t('feedback.filters.period')} name="weeks" value={String(filter.weeks)} onChange={(e) => setFilter({ weeks: Number(e.target.value) })}>
        {PERIODS.map((w) => <option key={w} value={w}>{t('feedback.filters.weeks', { count: w })}</option>)}
      </SelectField>
      {selects.filter((s) => s.show).map(({ field, choices }) => (
        <SelectField key={field} label={t(`feedback.filters.${field}`)} name={field} value={filter[field]} onChange={(e) => setFilter({ [field]: e.target.value })}>
          <option value="">{t(`feedback.filters.all.${field}`)}</option>
          {withCurrent(choices, filter[field]).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </SelectField>
      ))}
      {isNarrowed(filter) && (
        <button type="button" className="button button-small fb-filters-clear"
          onClick={() => setFilter({ language: '', touchpoint: '', channel: '', team: '', segmentId: '', personaId: '' })}>
          {t('feedback.filters.clear')}
        </button>
      )}
    </div>
  );
}

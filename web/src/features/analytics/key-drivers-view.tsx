import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok, type ApiData } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { LoadError, Loading } from '../../components/feedback';
import { DataTable } from './data-table';
import { KeyDriversChart } from './key-drivers-chart';
import type { Scope } from './scope-filters';
import { DriverAttributePicker } from './driver-attribute-picker';

type KeyDrivers = ApiData<'get', '/metrics/key-drivers'>;

export interface KeyDriverScope extends Partial<Scope> {
  surveyId: string;
  from?: string;
  to?: string;
  /** Comma-separated custom attribute keys added as drivers. */
  attributes?: string;
}

/**
 * Which questions of the chosen survey, and which picked customer attributes, move its NPS most, ranked,
 * with the numbers as a table and CSV.
 * Says in words when the answers are too few for the ranking to mean much, or when there is nothing to rank.
 */
export function KeyDriversView({ query, attributes, onAttributesChange }: { query: KeyDriverScope | null; attributes: string[]; onAttributesChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const title = t('analytics.drivers.title');
  const result = useQuery({
    queryKey: ['metrics', 'key-drivers', query],
    queryFn: ({ signal }) => ok(client.GET('/metrics/key-drivers', { params: { query: query! }, signal })),
    enabled: query !== null,
    staleTime: 30_000,
  });
  const d: KeyDrivers | undefined = result.data;
  const bars = useMemo(() => (d?.drivers ?? []).map((x) => ({ label: x.label, importance: x.importance, direction: x.direction })), [d]);
  // An attribute's level reads against its reference value ("Lower NPS than Pro"), a number or yes/no as a slope.
  const directionText = (x: KeyDrivers['drivers'][number]) =>
    x.source !== 'attribute' || !x.direction
      ? t(`analytics.drivers.direction.${x.direction ?? 'none'}`)
      : x.reference !== null
        ? t(`analytics.drivers.direction.attr.${x.direction === 'positive' ? 'levelPositive' : 'levelNegative'}`, { ref: x.reference })
        : t(`analytics.drivers.direction.attr.${x.direction}`);
  const pct = (v: number) => new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1 }).format(v);
  return (
    <section className="panel" aria-label={title} data-testid="key-drivers">
      <h2 className="section-title">{title}</h2>
      <p className="muted small">{t('analytics.drivers.note')}</p>
      {query === null && <p>{t('analytics.drivers.pickSurvey')}</p>}
      {query !== null && <DriverAttributePicker value={attributes} onChange={onAttributesChange} />}
      {query !== null && result.isPending && <Loading />}
      {result.isError && <LoadError error={result.error} onRetry={() => void result.refetch()} />}
      {d && (
        <>
          <p className="small">
            {d.r2 === null
              ? t('analytics.drivers.noModel', { n: fmt.number(d.n), responses: fmt.number(d.responses) })
              : t('analytics.drivers.fit', { r2: pct(d.r2 * 100), n: fmt.number(d.n), responses: fmt.number(d.responses) })}
          </p>
          {d.smallSample && <p className="an-warning" role="note">{t('analytics.drivers.smallSample', { n: fmt.number(d.n) })}</p>}
          {bars.length > 0 && <KeyDriversChart bars={bars} label={title} />}
          {d.excluded.length > 0 && (
            <details className="an-data">
              <summary>{t('analytics.drivers.excluded', { count: d.excluded.length })}</summary>
              <ul className="small">
                {d.excluded.map((x) => <li key={x.key}>{x.key}: {x.reason}</li>)}
              </ul>
            </details>
          )}
          {d.drivers.length > 0 && (
            <DataTable
              caption={title}
              fileName="nps-key-drivers.csv"
              columns={[
                { key: 'rank', label: t('analytics.drivers.col.rank') }, { key: 'label', label: t('analytics.drivers.col.driver') },
                { key: 'type', label: t('analytics.drivers.col.type') }, { key: 'importance', label: t('analytics.drivers.col.importance') },
                { key: 'r2Points', label: t('analytics.drivers.col.r2Points') }, { key: 'r2Alone', label: t('analytics.drivers.col.r2Alone') },
                { key: 'direction', label: t('analytics.drivers.col.direction') }, { key: 'coverage', label: t('analytics.drivers.col.coverage') },
              ]}
              rows={d.drivers.map((x, i) => ({
                rank: i + 1, label: x.label, type: x.type, importance: x.importance, r2Points: x.r2Points, r2Alone: x.r2Alone,
                direction: directionText(x), coverage: x.coverage,
              }))}
            />
          )}
        </>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { Badge, LoadMore, QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { fetchSegments, segmentKeys, useRulePreview } from '../segments/segments-api';
import { customerKeys, displayName, NPS_TONE, STAGE_TONE } from './customers-api';
import { filtersAsRule, hasFilters, listQuery } from './customer-filters';
import { CustomerFilterBar } from './customer-filter-bar';
import { LifecycleSummary } from './lifecycle-summary';
import './customer-list.css';
import { TableWrap } from '../../components/table-wrap';

const PAGE_SIZE = 50;
type SortKey = 'name' | 'totalSpend' | 'lastSeenAt' | 'createdAt';
const DEFAULT_ORDER: Record<SortKey, 'asc' | 'desc'> = { name: 'asc', totalSpend: 'desc', lastSeenAt: 'desc', createdAt: 'desc' };

/** A column header that sorts the list, announcing the current order to screen readers. */
function SortHeader({ sortKey, label }: { sortKey: SortKey; label: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const current = (params.get('sort') ?? 'lastSeenAt') as SortKey;
  const order = (params.get('order') as 'asc' | 'desc' | null) ?? DEFAULT_ORDER[current];
  const active = current === sortKey;
  const toggle = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('sort', sortKey);
      next.set('order', active ? (order === 'asc' ? 'desc' : 'asc') : DEFAULT_ORDER[sortKey]);
      return next;
    }, { replace: true });
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={toggle} title={t('customers.list.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true" className="sort-arrow">{active ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

export default function CustomerList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const canImport = useCan('customers:import');
  const canSegments = useCan('segments:read');
  const [params] = useSearchParams();
  const query = useMemo(() => listQuery(params), [params]);

  const definitions = useQuery({
    queryKey: customerKeys.attributes,
    queryFn: ({ signal }) => ok(client.GET('/customer-attributes', { signal })),
  });
  const segments = useQuery({ queryKey: segmentKeys.list, queryFn: ({ signal }) => fetchSegments(signal), enabled: canSegments });
  const list = useInfiniteQuery({
    queryKey: customerKeys.list(query),
    queryFn: ({ pageParam, signal }) => ok(client.GET('/customers', { params: { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rule = useMemo(() => (definitions.data ? filtersAsRule(params, definitions.data.data) : null), [params, definitions.data]);
  const count = useRulePreview(rule, canSegments);

  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = hasFilters(params);
  // A workspace without customers gets the way in (import), not an empty table with filters.
  const isEmpty = list.isSuccess && customers.length === 0 && !filtered;

  return (
    <>
      <PageHeader
        title={t('customers.list.title')}
        description={t('customers.list.description')}
        actions={canImport && <Link className="button" to="/customers/imports">{t('customers.list.import')}</Link>}
      />
      {!filtered && canSegments && <LifecycleSummary />}
      {!isEmpty && <CustomerFilterBar definitions={definitions.data?.data ?? []} segments={segments.data?.data ?? []} />}
      <p className="result-count" aria-live="polite" hidden={isEmpty}>
        {count.data && !count.isIncomplete
          ? filtered
            ? t('customers.list.matching', { formatted: fmt.number(count.data.count), total: fmt.number(count.data.total) })
            : t('customers.list.total', { formatted: fmt.number(count.data.total) })
          : list.isSuccess && t('customers.list.shown', { formatted: fmt.number(customers.length) })}
      </p>
      <QueryStatus query={list} />
      {list.isSuccess && customers.length === 0 && (
        filtered ? (
          <EmptyState level={3} icon="customers" title={t('customers.list.noMatches')}><p>{t('customers.list.noMatchesText')}</p></EmptyState>
        ) : (
          <EmptyState icon="customers" title={t('customers.list.empty')}
            action={canImport && <Link className="button button-primary" to="/customers/imports">{t('customers.list.import')}</Link>}>
            <p>{t('customers.list.emptyText')}</p>
          </EmptyState>
        )
      )}
      {customers.length > 0 && (
        <TableWrap label={t('customers.list.title')}>
          <table className="customer-table">
            <thead>
              <tr>
                <SortHeader sortKey="name" label={t('customers.list.customer')} />
                <th scope="col">{t('customers.list.place')}</th>
                <th scope="col">{t('customers.fields.lifecycleStage')}</th>
                <th scope="col">{t('customers.fields.npsCategory')}</th>
                <th scope="col" className="num">{t('customers.traits.orders')}</th>
                <SortHeader sortKey="totalSpend" label={t('customers.traits.totalSpend')} />
                <th scope="col">{t('customers.list.lastActivity')}</th>
                <th scope="col">{t('customers.list.firstSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id} className="clickable-row" onClick={(e) => {
                  // The name is the real link; the rest of the row is a shortcut for the mouse.
                  if (!(e.target instanceof HTMLElement && e.target.closest('a'))) navigate(`/customers/${c.id}`);
                }}>
                  <td>
                    <Link to={`/customers/${c.id}`} className="row-title">{displayName(c) ?? t('customers.anonymous')}</Link>
                    {c.name && c.email && <span className="block muted small">{c.email}</span>}
                  </td>
                  <td>{[c.city, c.country].filter(Boolean).join(', ') || '—'}{c.language && <span className="block muted small">{c.language}</span>}</td>
                  <td><Badge tone={STAGE_TONE[c.traits.lifecycleStage]}>{t(`customers.stages.${c.traits.lifecycleStage}`)}</Badge></td>
                  <td>{c.traits.npsCategory ? <Badge tone={NPS_TONE[c.traits.npsCategory]}>{t(`customers.nps.${c.traits.npsCategory}`)}</Badge> : <span className="muted">—</span>}</td>
                  <td className="num">{fmt.number(c.traits.orderCount)}</td>
                  <td className="num nowrap">{fmt.money(c.traits.totalSpend, c.traits.baseCurrency)}</td>
                  <td className="nowrap">{fmt.date(c.traits.lastActivityAt ?? c.lastSeenAt)}</td>
                  <td className="nowrap">{fmt.date(c.firstSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={list} />
    </>
  );
}

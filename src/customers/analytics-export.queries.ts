import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';
import type { AttributeValue } from './profile-fields.js';

/**
 * Queries the analytics domain needs over customers and their events (churn model inputs, churn
 * scores, retention counts, cohorts, CLV inputs). Analytics never reads these tables itself; it calls
 * analytics-export.service.ts.
 */

const LIVE = sql`c.merged_into is null and c.erased_at is null`;

export interface ModelInputRow {
  id: string;
  attributes: Record<string, AttributeValue>;
  country: string | null;
  language: string | null;
  gender: string | null;
  age_band: string | null;
  income_band: string | null;
  lifecycle_stage: string;
  order_count: number;
  total_spend: number;
  avg_order_value: number;
  refund_total: number;
  support_cases: number;
  open_support_cases: number;
  event_count: number;
  nps_score: number | null;
  csat_score: number | null;
  ces_score: number | null;
  days_since_activity: number | null;
  days_since_purchase: number | null;
  event_counts: Record<string, number> | null;
}

/** One page (in id order) of live customers with what a churn model reads, event counts by type included. */
export async function selectModelInputs(db: Db, ws: string, afterId: string, limit: number): Promise<ModelInputRow[]> {
  return selectRows<ModelInputRow>(
    db,
    sql`select c.id, c.attributes, c.country, c.language, c.gender, c.age_band, c.income_band, c.lifecycle_stage,
          c.order_count, c.total_spend::float8 as total_spend, c.avg_order_value::float8 as avg_order_value,
          c.refund_total::float8 as refund_total, c.support_cases, c.open_support_cases, c.event_count,
          c.nps_score, c.csat_score, c.ces_score,
          extract(epoch from now() - c.last_activity_at)::float8 / 86400 as days_since_activity,
          extract(epoch from now() - c.last_purchase_at)::float8 / 86400 as days_since_purchase,
          (select jsonb_object_agg(x.type, x.n) from (
             select e.type, count(*)::int as n from customer_events e
             where e.workspace_id = c.workspace_id and e.customer_id = c.id group by e.type) x) as event_counts
        from customers c
        where c.workspace_id = ${ws} and ${LIVE} and c.id > ${afterId}::uuid
        order by c.id limit ${limit}`,
  );
}

export interface ChurnScoreWrite {
  id: string;
  risk: number;
  factors: { factor: string; value: AttributeValue; effect: number }[];
}

/** Writes a batch of scores in one statement (set-based: one round trip per batch, not per customer). */
export async function updateChurnScores(db: Db, ws: string, scores: ChurnScoreWrite[]): Promise<number> {
  if (scores.length === 0) return 0;
  const rows = await selectRows<{ n: number }>(
    db,
    sql`with s as (select * from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as s(id uuid, risk real, factors jsonb)),
        u as (update customers c set churn_risk = s.risk, churn_factors = s.factors, churn_scored_at = now()
              from s where c.workspace_id = ${ws} and c.id = s.id returning 1)
        select count(*)::int as n from u`,
  );
  return rows[0]?.n ?? 0;
}

export interface AtRiskRow {
  id: string;
  name: string | null;
  email: string | null;
  external_id: string | null;
  lifecycle_stage: string;
  churn_risk: number;
  churn_factors: ChurnScoreWrite['factors'] | null;
  churn_scored_at: Date | string | null;
}

/**
 * Live customers at or above a risk, riskiest first (on the partial churn-risk index), continuing
 * after the (risk, id) of the previous page's last row. The risk is compared as `real`, the column's
 * type, so the value read back from a page matches its row exactly.
 */
export async function selectAtRisk(
  db: Db,
  ws: string,
  minRisk: number,
  limit: number,
  after?: { risk: number; id: string },
): Promise<AtRiskRow[]> {
  const keyset = after
    ? sql`and (c.churn_risk < ${after.risk}::real or (c.churn_risk = ${after.risk}::real and c.id > ${after.id}::uuid))`
    : sql``;
  return selectRows<AtRiskRow>(
    db,
    sql`select c.id, c.name, c.email, c.external_id, c.lifecycle_stage, c.churn_risk, c.churn_factors, c.churn_scored_at
        from customers c
        where c.workspace_id = ${ws} and c.churn_risk is not null and c.churn_risk >= ${minRisk} and ${LIVE} ${keyset}
        order by c.churn_risk desc, c.id limit ${limit}`,
  );
}

/** Customers of a workspace whose scores are still missing or older than `since` (for scoring progress). */
export async function countLiveCustomers(db: Db, ws: string): Promise<number> {
  const rows = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from customers c where c.workspace_id = ${ws} and ${LIVE}`);
  return rows[0]?.n ?? 0;
}

/**
 * When a customer counts as joined and as lost. Joined: first seen or first purchase, whichever
 * came first. Lost: `churnedAfterDays` after the last activity (or after joining, with none), or at
 * a subscription_cancelled event that no later subscription_started undid — whichever is earlier.
 * Only what happened up to now counts, so a lost date is never in the future.
 */
export const lifecycleDates = (ws: string, churnedAfterDays: number) => sql`
  select c.id as customer_id, least(c.first_seen_at, coalesce(c.first_purchase_at, c.first_seen_at)) as joined_at,
    nullif(least(
      case when coalesce(c.last_activity_at, c.first_seen_at) + make_interval(days => ${churnedAfterDays}::int) <= now()
           then coalesce(c.last_activity_at, c.first_seen_at) + make_interval(days => ${churnedAfterDays}::int) end,
      (select max(e.occurred_at) from customer_events e
        where e.workspace_id = c.workspace_id and e.customer_id = c.id and e.type = 'subscription_cancelled'
          and not exists (select 1 from customer_events s where s.workspace_id = c.workspace_id and s.customer_id = c.id
                          and s.type = 'subscription_started' and s.occurred_at > e.occurred_at))
    ), null) as lost_at,
    c.nps_score
  from customers c where c.workspace_id = ${ws} and ${LIVE}`;

export interface RetentionPeriodRow {
  period_start: Date | string;
  period_end: Date | string;
  at_start: number;
  lost: number;
  new_customers: number;
  at_end: number;
}

/** Per period of `interval` (in the workspace's time zone) between from and to: the four counts the rates need. */
export async function selectRetentionCounts(
  db: Db,
  ws: string,
  q: { from: Date; to: Date; interval: 'week' | 'month' | 'quarter'; timeZone: string; churnedAfterDays: number },
): Promise<RetentionPeriodRow[]> {
  const step = sql.raw(`'1 ${q.interval}'`);
  return selectRows<RetentionPeriodRow>(
    db,
    sql`with l as (${lifecycleDates(ws, q.churnedAfterDays)}),
        p as (select (gs at time zone ${q.timeZone}) as ps, ((gs + interval ${step}) at time zone ${q.timeZone}) as pe
              from generate_series(date_trunc(${q.interval}, ${q.from}::timestamptz at time zone ${q.timeZone}),
                                   ${q.to}::timestamptz at time zone ${q.timeZone} - interval '1 microsecond', interval ${step}) gs)
        select p.ps as period_start, p.pe as period_end,
          count(l.joined_at) filter (where l.joined_at < p.ps and (l.lost_at is null or l.lost_at >= p.ps))::int as at_start,
          count(l.joined_at) filter (where l.joined_at < p.ps and l.lost_at >= p.ps and l.lost_at < p.pe)::int as lost,
          count(l.joined_at) filter (where l.joined_at >= p.ps and l.joined_at < p.pe)::int as new_customers,
          count(l.joined_at) filter (where l.joined_at < p.pe and (l.lost_at is null or l.lost_at >= p.pe))::int as at_end
        from p left join l on true group by p.ps, p.pe order by p.ps`,
  );
}

export interface NpsByChurnRow {
  churned: boolean;
  promoters: number;
  detractors: number;
  answered: number;
}

/** Promoters, detractors and answers among customers lost by now vs the rest (latest NPS answer each). */
export async function selectNpsByChurn(db: Db, ws: string, churnedAfterDays: number): Promise<NpsByChurnRow[]> {
  return selectRows<NpsByChurnRow>(
    db,
    sql`with l as (${lifecycleDates(ws, churnedAfterDays)})
        select (l.lost_at is not null) as churned,
          count(*) filter (where l.nps_score >= 9)::int as promoters,
          count(*) filter (where l.nps_score <= 6)::int as detractors,
          count(l.nps_score)::int as answered
        from l group by 1 order by 1`,
  );
}

export interface CohortCellRow {
  cohort: string;
  month_offset: number;
  customers: number;
}

/**
 * Cohorts by first-purchase month (workspace time zone): per cohort and months since, how many of
 * its customers bought again in that month. Offset 0 is the cohort's size.
 */
export async function selectPurchaseCohorts(db: Db, ws: string, q: { from: Date; to: Date; timeZone: string }): Promise<CohortCellRow[]> {
  return selectRows<CohortCellRow>(
    db,
    sql`with b as (select c.id, date_trunc('month', c.first_purchase_at at time zone ${q.timeZone}) as cohort
                   from customers c where c.workspace_id = ${ws} and ${LIVE}
                     and c.first_purchase_at >= ${q.from} and c.first_purchase_at < ${q.to}),
        m as (select distinct e.customer_id, date_trunc('month', e.occurred_at at time zone ${q.timeZone}) as month
              from customer_events e join b on b.id = e.customer_id
              where e.workspace_id = ${ws} and e.type = 'purchase')
        select to_char(b.cohort, 'YYYY-MM') as cohort,
          ((extract(year from m.month) - extract(year from b.cohort)) * 12 + extract(month from m.month) - extract(month from b.cohort))::int as month_offset,
          count(distinct b.id)::int as customers
        from b join m on m.customer_id = b.id and m.month >= b.cohort
        group by 1, 2 order by 1, 2`,
  );
}

export interface ClvInputRow {
  id: string;
  purchase_days: number;
  first_purchase_at: Date | string;
  last_purchase_at: Date | string;
  avg_order_value: number;
  net_spend: number;
}

/**
 * One page of buyers with what BG/NBD and Gamma-Gamma read: purchase days (several orders on one
 * day count once, as the models assume), first and last purchase, average order value and net spend
 * (minor units, base currency).
 */
export async function selectClvInputs(db: Db, ws: string, afterId: string, limit: number): Promise<ClvInputRow[]> {
  return selectRows<ClvInputRow>(
    db,
    sql`select c.id, s.days as purchase_days, s.first_at as first_purchase_at, s.last_at as last_purchase_at,
          c.avg_order_value::float8 as avg_order_value, (c.total_spend - c.refund_total)::float8 as net_spend
        from customers c
        cross join lateral (select count(distinct date_trunc('day', e.occurred_at))::int as days,
                              min(e.occurred_at) as first_at, max(e.occurred_at) as last_at
                            from customer_events e
                            where e.workspace_id = c.workspace_id and e.customer_id = c.id and e.type = 'purchase') s
        where c.workspace_id = ${ws} and ${LIVE} and c.id > ${afterId}::uuid and s.days > 0
        order by c.id limit ${limit}`,
  );
}

export interface HistoricalClvRow {
  customers: number;
  buyers: number;
  net_spend: number;
  median_net_spend: number | null;
}

/** Spend to date (purchases − refunds, base currency) over live customers, and over buyers. */
export async function selectHistoricalClv(db: Db, ws: string): Promise<HistoricalClvRow> {
  const rows = await selectRows<HistoricalClvRow>(
    db,
    sql`select count(*)::int as customers, count(*) filter (where c.order_count > 0)::int as buyers,
          coalesce(sum(c.total_spend - c.refund_total), 0)::float8 as net_spend,
          (percentile_cont(0.5) within group (order by (c.total_spend - c.refund_total)) filter (where c.order_count > 0))::float8 as median_net_spend
        from customers c where c.workspace_id = ${ws} and ${LIVE}`,
  );
  return rows[0] ?? { customers: 0, buyers: 0, net_spend: 0, median_net_spend: null };
}

/** Workspaces with at least one live buyer (the nightly CLV fit visits each). */
export async function selectWorkspacesWithBuyers(db: Db): Promise<string[]> {
  const rows = await selectRows<{ workspace_id: string }>(
    db,
    sql`select distinct c.workspace_id from customers c where c.order_count > 0 and ${LIVE}`,
  );
  return rows.map((r) => r.workspace_id);
}

import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';

export interface ClvPeriodRow {
  /** 1-based index of the period in the order given. */
  idx: number;
  grp: string | null;
  /** Buyers by the period's end (a first purchase before it). */
  buyers: number;
  /** Σ and Σ² of their net spend to date at the period's end, base-currency minor units. */
  spend: number;
  spend_sq: number;
  /** Net spend (purchases − refunds) inside the period, base-currency minor units. */
  revenue: number;
}

/**
 * Spend to date at the end of each period, summed over buyers (and its square, for the interval),
 * with the net revenue inside each period — one aggregate over the workspace's purchase and refund
 * events, never a loop over customers. Amounts are converted with the workspace's factors exactly as
 * recomputeTraits does (round(amount × factor) per event; a currency without a factor adds nothing).
 *
 * How it stays linear: each event falls in bucket b = how many period ends are ≤ its instant
 * (width_bucket), so it counts in every period from b + 1 on. Per customer and bucket a running sum
 * gives the spend to date after the bucket; the change it makes to Σ, Σ² and the buyer count is
 * added once, in that bucket, and a running sum over buckets turns those changes into each period's
 * totals. Work is O(events + periods × groups), whatever the number of periods a customer spans.
 * Periods must be sorted and not overlap; `groups` is a (customer_id, grp) relation, or none.
 */
export async function selectClvSeries(
  db: Db,
  ws: string,
  q: { starts: string[]; ends: string[]; factors: Record<string, number>; groups?: SQL },
): Promise<ClvPeriodRow[]> {
  const P = q.ends.length;
  if (P === 0) return [];
  const rates = sql`${JSON.stringify(q.factors)}::jsonb`;
  const ends = sql`${sql.param(q.ends)}::timestamptz[]`;
  const starts = sql`${sql.param(q.starts)}::timestamptz[]`;
  // Every live customer at least once: one without any membership (no segment, no persona matched) is in the null group.
  const groups = q.groups
    ? sql`select c.id as customer_id, m.grp from customers c left join (${q.groups}) m on m.customer_id = c.id
          where c.workspace_id = ${ws}::uuid and c.merged_into is null and c.erased_at is null`
    : sql`select c.id as customer_id, null::text as grp from customers c where c.workspace_id = ${ws}::uuid`;
  return selectRows<ClvPeriodRow>(
    db,
    sql`with ev as (
          select e.customer_id, width_bucket(e.occurred_at, ${ends}) as b,
            sum(case when e.type = 'purchase' then 1 else -1 end * round(e.amount * (${rates} ->> e.currency)::float8))::float8 as delta,
            count(*) filter (where e.type = 'purchase')::int as buys,
            coalesce(sum(case when e.type = 'purchase' then 1 else -1 end * round(e.amount * (${rates} ->> e.currency)::float8))
              filter (where e.occurred_at >= (${starts})[width_bucket(e.occurred_at, ${ends}) + 1]), 0)::float8 as revenue
          from customer_events e
          join customers c on c.workspace_id = e.workspace_id and c.id = e.customer_id and c.merged_into is null and c.erased_at is null
          where e.workspace_id = ${ws}::uuid and e.type in ('purchase', 'refund') and e.occurred_at < (${ends})[${P}::int]
          group by e.customer_id, b
        ), cum as (
          select ev.*, coalesce(sum(ev.delta) over w, 0) as after, sum(ev.buys) over w as buys_after
          from ev window w as (partition by ev.customer_id order by ev.b)
        ), step as (
          -- The change this bucket makes for one customer: joining the buyers brings its whole spend to date.
          select cum.customer_id, cum.b, cum.revenue,
            case when cum.buys_after > 0 and cum.buys_after = cum.buys then 1 else 0 end as d_buyers,
            case when cum.buys_after = 0 then 0 when cum.buys_after = cum.buys then cum.after else cum.delta end as d_spend,
            case when cum.buys_after = 0 then 0 when cum.buys_after = cum.buys then cum.after * cum.after
                 else cum.after * cum.after - (cum.after - cum.delta) * (cum.after - cum.delta) end as d_sq
          from cum
        ), agg as (
          select g.grp, s.b, sum(s.d_buyers)::int as d_buyers, sum(s.d_spend)::float8 as d_spend, sum(s.d_sq)::float8 as d_sq, sum(s.revenue)::float8 as revenue
          from step s join (${groups}) g on g.customer_id = s.customer_id
          group by g.grp, s.b
        ), grid as (
          select gr.grp, p.idx from (select distinct agg.grp from agg) gr cross join generate_series(1, ${P}::int) as p(idx)
        )
        select grid.idx, grid.grp,
          coalesce(sum(a.d_buyers) over w, 0)::int as buyers,
          coalesce(sum(a.d_spend) over w, 0)::float8 as spend,
          coalesce(sum(a.d_sq) over w, 0)::float8 as spend_sq,
          coalesce(a.revenue, 0)::float8 as revenue
        from grid
        left join agg a on a.grp is not distinct from grid.grp and a.b = grid.idx - 1
        window w as (partition by grid.grp order by grid.idx)
        order by grid.grp nulls last, grid.idx`,
  );
}

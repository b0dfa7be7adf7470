import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { SURVEY_METRICS } from './customers.schemas.js';
import type { TraitContext } from './traits.js';

/** The SQL of computed traits: formulas (docs/formulas.md), full recompute, incremental fold. */

export const days = (n: number) => sql`(${n}::int * interval '1 day')`;

/**
 * Lifecycle stage from the last activity (or first sighting), when the customer came back after a
 * churn-length gap, and when first seen — see docs/formulas.md for the rules and their order.
 */
export function lifecycleSql(t: Pick<TraitContext, 'newWithinDays' | 'atRiskAfterDays' | 'churnedAfterDays'>, c: { lastActivity: SQL; firstSeen: SQL; reactivated: SQL }): SQL {
  const idle = sql`(now() - coalesce(${c.lastActivity}, ${c.firstSeen}))`;
  return sql`(case
    when ${idle} >= ${days(t.churnedAfterDays)} then 'churned'
    when ${idle} >= ${days(t.atRiskAfterDays)} then 'at_risk'
    when ${c.reactivated} is not null and now() - ${c.reactivated} < ${days(t.newWithinDays)} then 'reactivated'
    when now() - ${c.firstSeen} < ${days(t.newWithinDays)} then 'new'
    else 'active' end)`;
}

// Staff notes, our own invitations and social reach reports are not something the customer did.
export const NOT_ACTIVITY = sql`('note', 'survey_invitation', 'social_metrics')`;

export type SurveyMetric = (typeof SURVEY_METRICS)[number];

/**
 * The latest answer to one metric, as an aggregate over events `e`. Without a sort: arrays compare
 * element by element, so the max of [epoch, score] is the newest answer (the higher score if two
 * share the same instant). Only the three metrics compile; anything else reaching here at run time
 * (a cast, JSON) is refused, and the metric is a bound parameter either way, never SQL text.
 */
export function latestScore(metric: SurveyMetric): SQL {
  if (!(SURVEY_METRICS as readonly string[]).includes(metric)) throw new TypeError(`not a survey metric: ${String(metric)}`);
  return sql`(max(array[extract(epoch from e.occurred_at)::float8, (e.properties->>'score')::float8])
     filter (where e.type = 'survey_response' and e.properties->>'metric' = ${metric}::text and jsonb_typeof(e.properties->'score') = 'number'))[2]`;
}

/**
 * Recomputes every computed trait of the given customers from their events in one statement
 * (one aggregate over their events joined back with UPDATE … FROM). Formulas: docs/formulas.md.
 * Events still waiting in customer_trait_queue are left out: the refresher folds them in when it
 * takes them off the queue, so counting them here too would count them twice. Callers lock the
 * customers (FOR UPDATE / NO KEY UPDATE) in an earlier statement, so this statement's snapshot
 * sees whatever a concurrent writer of the same traits committed.
 */
export async function recomputeTraits(tx: Db, t: TraitContext, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  const ws = t.workspaceId;
  const firstSeen = sql`least(c.created_at, a.first_activity_at)`;
  // One LATERAL scan per customer on (workspace_id, customer_id, …): an index range scan whatever
  // the table statistics say, so a fresh or huge table is never read as a whole. The window gives
  // the gap before each activity (for 'reactivated'); purchase currencies/amounts come out as arrays
  // and are summed per currency without a second scan.
  const ids = sql`${sql.param([...new Set(customerIds)])}::uuid[]`;
  const rates = sql`${JSON.stringify(t.factors)}::jsonb`;
  await tx.execute(sql`
    update customers c set
      event_count = a.event_count,
      order_count = a.order_count,
      total_spend = a.gross,
      refund_total = a.refunds,
      clv = a.gross - a.refunds,
      avg_order_value = case when a.order_count > 0 then round(a.gross::numeric / a.order_count)::bigint else 0 end,
      spend_by_currency = (select coalesce(jsonb_object_agg(p.currency, p.total), '{}'::jsonb) from (
        select u.currency, sum(u.amount)::bigint as total from unnest(a.purchase_currencies, a.purchase_amounts) as u(currency, amount)
        where u.currency is not null group by u.currency) p),
      first_purchase_at = a.first_purchase_at,
      last_purchase_at = a.last_purchase_at,
      last_activity_at = a.last_activity_at,
      reactivated_at = a.reactivated_at,
      first_seen_at = ${firstSeen},
      last_seen_at = greatest(c.created_at, a.last_activity_at),
      nps_score = round(a.nps)::smallint,
      nps_category = case when a.nps is null then null when a.nps >= 9 then 'promoter' when a.nps >= 7 then 'passive' else 'detractor' end,
      csat_score = a.csat,
      ces_score = a.ces,
      last_survey_at = a.last_survey_at,
      support_cases = a.cases_opened,
      open_support_cases = greatest(0, a.cases_opened - a.cases_resolved),
      resolved_support_cases = a.cases_resolved,
      lifecycle_stage = ${lifecycleSql(t, { lastActivity: sql`a.last_activity_at`, firstSeen, reactivated: sql`a.reactivated_at` })}
    from unnest(${ids}) as ids(id)
    cross join lateral (
      select
        count(*)::int as event_count,
        count(*) filter (where e.type = 'purchase')::int as order_count,
        coalesce(sum(round(e.amount * (${rates} ->> e.currency)::float8)) filter (where e.type = 'purchase'), 0)::bigint as gross,
        coalesce(sum(round(e.amount * (${rates} ->> e.currency)::float8)) filter (where e.type = 'refund'), 0)::bigint as refunds,
        array_agg(e.currency) filter (where e.type = 'purchase') as purchase_currencies,
        array_agg(e.amount) filter (where e.type = 'purchase') as purchase_amounts,
        min(e.occurred_at) filter (where e.type = 'purchase') as first_purchase_at,
        max(e.occurred_at) filter (where e.type = 'purchase') as last_purchase_at,
        min(e.occurred_at) filter (where e.is_activity) as first_activity_at,
        max(e.occurred_at) filter (where e.is_activity) as last_activity_at,
        max(e.occurred_at) filter (where e.is_activity and e.gap >= ${days(t.churnedAfterDays)}) as reactivated_at,
        ${latestScore('nps')} as nps, ${latestScore('csat')} as csat, ${latestScore('ces')} as ces,
        max(e.occurred_at) filter (where e.type = 'survey_response') as last_survey_at,
        count(*) filter (where e.type = 'support_case_opened')::int as cases_opened,
        count(*) filter (where e.type = 'support_case_resolved')::int as cases_resolved
      from (
        select x.*, x.occurred_at - lag(x.occurred_at) over (partition by x.is_activity order by x.occurred_at) as gap
        from (select ev.id, ev.type, ev.occurred_at, ev.amount, ev.currency, ev.properties, ev.type not in ${NOT_ACTIVITY} as is_activity
              from customer_events ev where ev.workspace_id = ${ws} and ev.customer_id = ids.id
                and not exists (select 1 from customer_trait_queue q where q.workspace_id = ${ws} and q.event_id = ev.id)) x
      ) e
    ) a
    where c.workspace_id = ${ws} and c.id = any(${ids}) and c.id = ids.id`);
}

/** Ages lifecycle stages of one workspace without new events (the daily job); returns rows changed. */
export async function refreshLifecycleStages(db: Db, t: TraitContext): Promise<number> {
  const stage = lifecycleSql(t, { lastActivity: sql`last_activity_at`, firstSeen: sql`first_seen_at`, reactivated: sql`reactivated_at` });
  const rows = await selectRows<{ n: number }>(
    db,
    sql`with changed as (update customers set lifecycle_stage = ${stage}
          where workspace_id = ${t.workspaceId} and merged_into is null and lifecycle_stage is distinct from ${stage} returning 1)
        select count(*)::int as n from changed`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Folds newly stored events into their customers' traits without re-reading the customers' whole
 * history: counts and sums are added, first/last instants widened, latest answers replaced. This is
 * exact only when the new events come after everything already counted, so a customer qualifies only
 * if its new activity is not older than its last activity, its new survey answers are newer than its
 * last one. Everyone else — and anyone touched by a merge — gets the full recompute (recomputeTraits).
 * Must run in the transaction that inserted the events, with the customers locked, so no other
 * recompute can count the same events twice. Returns the customers updated here.
 */
export async function applyTraitDeltas(tx: Db, t: TraitContext, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const ws = t.workspaceId;
  const rates = sql`${JSON.stringify(t.factors)}::jsonb`;
  const lastActivity = sql`greatest(c.last_activity_at, a.last_act)`;
  const firstSeen = sql`least(c.first_seen_at, a.first_act)`;
  const reactivated = sql`greatest(c.reactivated_at, a.reactivated_at)`;
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`with b as (
        select e.customer_id, e.type, e.occurred_at, e.amount, e.currency, e.properties, e.type not in ${NOT_ACTIVITY} as is_activity
        from customer_events e where e.workspace_id = ${ws} and e.id = any(${sql.param(eventIds)}::uuid[])
      ), g as (
        select b.*, b.occurred_at - coalesce(lag(b.occurred_at) over (partition by b.customer_id, b.is_activity order by b.occurred_at),
                                             c.last_activity_at) as gap
        from b join customers c on c.workspace_id = ${ws} and c.id = b.customer_id
      ), a as (
        select e.customer_id,
          count(*)::int as event_count,
          count(*) filter (where e.type = 'purchase')::int as order_count,
          coalesce(sum(round(e.amount * (${rates} ->> e.currency)::float8)) filter (where e.type = 'purchase'), 0)::bigint as gross,
          coalesce(sum(round(e.amount * (${rates} ->> e.currency)::float8)) filter (where e.type = 'refund'), 0)::bigint as refunds,
          min(e.occurred_at) filter (where e.type = 'purchase') as first_purchase_at,
          max(e.occurred_at) filter (where e.type = 'purchase') as last_purchase_at,
          min(e.occurred_at) filter (where e.is_activity) as first_act,
          max(e.occurred_at) filter (where e.is_activity) as last_act,
          max(e.occurred_at) filter (where e.is_activity and e.gap >= ${days(t.churnedAfterDays)}) as reactivated_at,
          ${latestScore('nps')} as nps, ${latestScore('csat')} as csat, ${latestScore('ces')} as ces,
          min(e.occurred_at) filter (where e.type = 'survey_response') as first_survey,
          max(e.occurred_at) filter (where e.type = 'survey_response') as last_survey,
          count(*) filter (where e.type = 'support_case_opened')::int as cases_opened,
          count(*) filter (where e.type = 'support_case_resolved')::int as cases_resolved
        from g e group by e.customer_id
      ), sc as (
        select customer_id, jsonb_object_agg(currency, total) as spend from (
          select customer_id, currency, sum(amount)::bigint as total from b
          where type = 'purchase' and currency is not null and amount is not null group by customer_id, currency) x
        group by customer_id
      )
      update customers c set
        event_count = c.event_count + a.event_count,
        order_count = c.order_count + a.order_count,
        total_spend = c.total_spend + a.gross,
        refund_total = c.refund_total + a.refunds,
        clv = c.total_spend + a.gross - c.refund_total - a.refunds,
        avg_order_value = case when c.order_count + a.order_count > 0
          then round((c.total_spend + a.gross)::numeric / (c.order_count + a.order_count))::bigint else 0 end,
        spend_by_currency = case when sc.spend is null then c.spend_by_currency else (
          select jsonb_object_agg(k, coalesce((c.spend_by_currency ->> k)::bigint, 0) + coalesce((sc.spend ->> k)::bigint, 0))
          from (select jsonb_object_keys(c.spend_by_currency) as k union select jsonb_object_keys(sc.spend)) keys) end,
        first_purchase_at = least(c.first_purchase_at, a.first_purchase_at),
        last_purchase_at = greatest(c.last_purchase_at, a.last_purchase_at),
        last_activity_at = ${lastActivity},
        reactivated_at = ${reactivated},
        first_seen_at = ${firstSeen},
        last_seen_at = greatest(c.last_seen_at, a.last_act),
        nps_score = coalesce(round(a.nps)::smallint, c.nps_score),
        nps_category = case when a.nps is null then c.nps_category when a.nps >= 9 then 'promoter' when a.nps >= 7 then 'passive' else 'detractor' end,
        csat_score = coalesce(a.csat, c.csat_score),
        ces_score = coalesce(a.ces, c.ces_score),
        last_survey_at = greatest(c.last_survey_at, a.last_survey),
        support_cases = c.support_cases + a.cases_opened,
        open_support_cases = greatest(0, c.support_cases + a.cases_opened - c.resolved_support_cases - a.cases_resolved),
        resolved_support_cases = c.resolved_support_cases + a.cases_resolved,
        lifecycle_stage = ${lifecycleSql(t, { lastActivity, firstSeen, reactivated })}
      from a left join sc on sc.customer_id = a.customer_id
      where c.workspace_id = ${ws} and c.id = a.customer_id
        and (c.last_activity_at is null or a.first_act is null or a.first_act >= c.last_activity_at)
        and (c.last_survey_at is null or a.first_survey is null or a.first_survey > c.last_survey_at)
      returning c.id`,
  );
  return new Set(rows.map((r) => r.id));
}

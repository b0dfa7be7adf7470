import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { customerSettings } from './customers.tables.js';

/** Lifecycle thresholds when a workspace has not set its own (see docs/formulas.md). */
export const DEFAULT_CUSTOMER_SETTINGS = { newWithinDays: 30, atRiskAfterDays: 90, churnedAfterDays: 180, currencyRates: {} as Record<string, number> };

/**
 * Approximate euros per unit of each currency, used when the workspace has not set its own rate.
 * They make totals across currencies comparable, not accounting-exact; set real rates in settings.
 */
export const BUILT_IN_EUR_RATES: Record<string, number> = {
  EUR: 1, USD: 0.92, GBP: 1.17, DKK: 0.134, SEK: 0.088, NOK: 0.086, ISK: 0.0066, CHF: 1.04, PLN: 0.23,
  CZK: 0.04, HUF: 0.0025, RON: 0.2, TRY: 0.027, CNY: 0.127, HKD: 0.118, JPY: 0.0061, KRW: 0.00068,
  INR: 0.011, SGD: 0.69, AUD: 0.61, NZD: 0.56, CAD: 0.68, MXN: 0.05, BRL: 0.17, ZAR: 0.05, AED: 0.25, SAR: 0.245,
};

/** Digits after the decimal point of a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function minorDigits(currency: string): number {
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    DIGITS.set(currency, digits);
  }
  return digits;
}
// Building an Intl.NumberFormat costs ~0.2 ms; ingest asks for every currency on every batch.
const DIGITS = new Map<string, number>();

/**
 * Factor turning minor units of each currency into minor units of the base currency:
 * rate(base per unit) × 10^(digits(base) − digits(currency)). A currency with no rate is left out
 * of base-currency totals (it still counts in spend by currency).
 */
export function conversionFactors(base: string, workspaceRates: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const codes = new Set([base, ...Object.keys(BUILT_IN_EUR_RATES), ...Object.keys(workspaceRates)]);
  for (const code of codes) {
    let rate: number | undefined;
    if (code === base) rate = 1;
    else if (workspaceRates[code] !== undefined) rate = workspaceRates[code];
    else if (BUILT_IN_EUR_RATES[code] !== undefined && BUILT_IN_EUR_RATES[base] !== undefined) rate = BUILT_IN_EUR_RATES[code] / BUILT_IN_EUR_RATES[base];
    if (rate !== undefined) out[code] = rate * 10 ** (minorDigits(base) - minorDigits(code));
  }
  return out;
}

export interface TraitContext {
  workspaceId: string;
  baseCurrency: string;
  factors: Record<string, number>;
  newWithinDays: number;
  atRiskAfterDays: number;
  churnedAfterDays: number;
}

// Every ingest batch needs the context; reading workspace and settings each time costs two round
// trips. Cached briefly per process; settings changes in this process drop the entry at once.
const CONTEXT_TTL_MS = 5000;
const contexts = new Map<string, { at: number; value: TraitContext }>();
export const forgetTraitContext = (workspaceId: string): boolean => contexts.delete(workspaceId);

/** The workspace's base currency, conversion factors and lifecycle thresholds (cached for 5 s). */
export async function loadTraitContext(db: Db, workspaceId: string, fresh = false): Promise<TraitContext> {
  const hit = contexts.get(workspaceId);
  if (!fresh && hit && Date.now() - hit.at < CONTEXT_TTL_MS) return hit.value;
  const value = await readTraitContext(db, workspaceId);
  if (contexts.size > 1000) contexts.clear();
  contexts.set(workspaceId, { at: Date.now(), value });
  return value;
}

async function readTraitContext(db: Db, workspaceId: string): Promise<TraitContext> {
  const workspace = await getWorkspace(db, workspaceId);
  const [s] = await db.select().from(customerSettings).where(eq(customerSettings.workspaceId, workspaceId));
  const settings = s ?? DEFAULT_CUSTOMER_SETTINGS;
  return {
    workspaceId,
    baseCurrency: workspace.baseCurrency,
    factors: conversionFactors(workspace.baseCurrency, settings.currencyRates),
    newWithinDays: settings.newWithinDays,
    atRiskAfterDays: settings.atRiskAfterDays,
    churnedAfterDays: settings.churnedAfterDays,
  };
}

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

// Staff notes and our own invitations are not something the customer did.
export const NOT_ACTIVITY = sql`('note', 'survey_invitation')`;

// The latest answer without a sort: arrays compare element by element, so the max of
// [epoch, score] is the newest answer (the higher score if two share the same instant).
export const latestScore = (metric: string) =>
  sql.raw(`(max(array[extract(epoch from e.occurred_at)::float8, (e.properties->>'score')::float8])
     filter (where e.type = 'survey_response' and e.properties->>'metric' = '${metric}' and jsonb_typeof(e.properties->'score') = 'number'))[2]`);

/**
 * Recomputes every computed trait of the given customers from their events in one statement
 * (one aggregate over their events joined back with UPDATE … FROM). Formulas: docs/formulas.md.
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
              from customer_events ev where ev.workspace_id = ${ws} and ev.customer_id = ids.id) x
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

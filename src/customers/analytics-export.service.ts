import type { AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { scheduleRecompute } from './segments/segments.jobs.js';
import { getCustomerSettings } from './customer-settings.service.js';
import { resolveCustomer } from './customers.service.js';
import { listAttributeDefinitions, type AttributeDefinition } from './attributes.service.js';
import {
  countLiveCustomers,
  selectAtRisk,
  selectClvInputs,
  selectHistoricalClv,
  selectModelInputs,
  selectNpsByChurn,
  selectPurchaseCohorts,
  selectRetentionCounts,
  selectWorkspacesWithBuyers,
  updateChurnScores,
  type ChurnScoreWrite,
  type ClvInputRow,
  type ModelInputRow,
} from './analytics-export.queries.js';
import { selectLostCustomers } from './churn-reasons.queries.js';
import { selectSocialMetrics } from './social-metrics.queries.js';
import { selectClvSeries, type ClvPeriodRow } from './clv-series.queries.js';
import { getCustomerGroupRelation, type CustomerDimension } from './customer-groups.js';
import { loadTraitContext } from './traits.js';

/**
 * What the customers domain exports to analytics (churn model, retention, CLV): read-only views of
 * live profiles (not merged away, not erased) and the one write analytics may make, the churn score.
 */

/** Raw SQL answers timestamps as text on some drivers, as Date on others. */
const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

export type { ChurnScoreWrite, ClvInputRow, ModelInputRow } from './analytics-export.queries.js';
export type { AttributeDefinition } from './attributes.service.js';

/** A page of live customers (id order, after `afterId`) with attributes, traits and event counts by type. */
export async function listModelInputs(db: Db, workspaceId: string, afterId: string, limit: number): Promise<ModelInputRow[]> {
  return selectModelInputs(db, workspaceId, afterId, limit);
}

/** The workspace's custom attributes with their types (how the model encodes each). */
export async function listTypedAttributes(db: Db, workspaceId: string): Promise<AttributeDefinition[]> {
  return listAttributeDefinitions(db, workspaceId);
}

export const countCustomers = countLiveCustomers;

/** Stores churn scores and their top factors on the profiles; the score is derived data, so updated_at stays. */
export async function saveChurnScores(db: Db, workspaceId: string, scores: ChurnScoreWrite[]): Promise<number> {
  return updateChurnScores(db, workspaceId, scores);
}

/** After a scoring run, segments with churnRisk conditions see the new scores. */
export async function refreshSegmentsAfterScoring(ctx: AppContext, workspaceId: string): Promise<void> {
  await scheduleRecompute(ctx, workspaceId);
}

/** Customers at or above `minRisk`, riskiest first. */
export async function listAtRiskCustomers(db: Db, workspaceId: string, minRisk: number, limit: number, after?: { risk: number; id: string }) {
  const rows = await selectAtRisk(db, workspaceId, minRisk, limit, after);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    externalId: r.external_id,
    lifecycleStage: r.lifecycle_stage,
    churnRisk: r.churn_risk,
    churnFactors: r.churn_factors ?? [],
    scoredAt: asDate(r.churn_scored_at),
  }));
}

/** The lifecycle rule ("lost" after N days without activity) and the time zone periods are cut in. */
export async function getLifecycleRule(db: Db, workspaceId: string) {
  const [settings, workspace] = await Promise.all([getCustomerSettings(db, workspaceId), getWorkspace(db, workspaceId)]);
  return { churnedAfterDays: settings.churnedAfterDays, timeZone: workspace.timeZone, baseCurrency: workspace.baseCurrency, grossMargin: settings.grossMargin };
}

/** Per period: customers at start, lost, new, at end — under the workspace's lifecycle rule. */
export async function getRetentionCounts(db: Db, workspaceId: string, q: { from: Date; to: Date; interval: 'week' | 'month' | 'quarter' }) {
  const rule = await getLifecycleRule(db, workspaceId);
  const rows = await selectRetentionCounts(db, workspaceId, { ...q, timeZone: rule.timeZone, churnedAfterDays: rule.churnedAfterDays });
  return {
    rule,
    periods: rows.map((r) => ({ from: asDate(r.period_start) ?? new Date(0), to: asDate(r.period_end) ?? new Date(0), atStart: r.at_start, lost: r.lost, newCustomers: r.new_customers, atEnd: r.at_end })),
  };
}

/** Customers lost in [from, to) under the workspace's lifecycle rule, with their latest cancellation reason (or null). */
export async function getLostCustomers(db: Db, workspaceId: string, q: { from: Date; to: Date }) {
  const rule = await getLifecycleRule(db, workspaceId);
  const rows = await selectLostCustomers(db, workspaceId, { ...q, churnedAfterDays: rule.churnedAfterDays });
  return rows.map((r) => ({ customerId: r.customer_id, reason: r.reason }));
}

/** Reported social reach (social_metrics events) in [from, to): when, network, impressions, engagements. */
export async function getSocialMetrics(db: Db, workspaceId: string, q: { from?: string; to?: string; network?: string }) {
  const rows = await selectSocialMetrics(db, workspaceId, q);
  return rows.map((r) => ({ occurredAt: asDate(r.occurred_at) ?? new Date(0), network: r.network, impressions: Number(r.impressions), engagements: Number(r.engagements) }));
}

/** NPS answer counts of customers lost by now and of the rest. */
export async function getNpsByChurn(db: Db, workspaceId: string) {
  const rule = await getLifecycleRule(db, workspaceId);
  return selectNpsByChurn(db, workspaceId, rule.churnedAfterDays);
}

/** Cohort cells by first-purchase month (workspace time zone). */
export async function getPurchaseCohorts(db: Db, workspaceId: string, q: { from: Date; to: Date }) {
  const rule = await getLifecycleRule(db, workspaceId);
  return selectPurchaseCohorts(db, workspaceId, { ...q, timeZone: rule.timeZone });
}

/** A page of buyers with their purchase history summary (for BG/NBD and Gamma-Gamma). */
export async function listClvInputs(db: Db, workspaceId: string, afterId: string, limit: number): Promise<ClvInputRow[]> {
  return selectClvInputs(db, workspaceId, afterId, limit);
}

/** Spend to date over the workspace's live customers. */
export async function getHistoricalSpend(db: Db, workspaceId: string) {
  return selectHistoricalClv(db, workspaceId);
}

/** The live profile id a request names (merged-away ids followed); another workspace's id is a 404. */
export async function resolveLiveCustomerId(db: Db, workspaceId: string, id: string): Promise<string> {
  return (await resolveCustomer(db, workspaceId, id)).row.id;
}

/** Workspaces with at least one live buyer. */
export const listWorkspacesWithBuyers = selectWorkspacesWithBuyers;

/** One period's buyers and their spend to date (Σ, Σ²) at its end, and the net revenue inside it (base currency, minor units). */
export interface ClvSpendPeriod {
  buyers: number;
  spend: number;
  spendSq: number;
  revenue: number;
}

/**
 * Per period (sorted, not overlapping; instants): the live customers who had bought by its end, Σ and
 * Σ² of their net spend to date then (purchases − refunds, converted with the workspace's currency
 * factors as the spend traits are), and the net revenue inside the period — one SQL aggregate. With a
 * dimension, the same per group (key null: customers without a value; segments and personas overlap).
 */
export async function getClvSpendSeries(db: Db, workspaceId: string, q: { periods: { start: string; end: string }[]; groupBy?: CustomerDimension }) {
  const { factors, baseCurrency } = await loadTraitContext(db, workspaceId);
  const base = { starts: q.periods.map((p) => p.start), ends: q.periods.map((p) => p.end), factors };
  const toPeriods = (rows: ClvPeriodRow[]) => {
    const out: ClvSpendPeriod[] = q.periods.map(() => ({ buyers: 0, spend: 0, spendSq: 0, revenue: 0 }));
    for (const r of rows) out[r.idx - 1] = { buyers: r.buyers, spend: Number(r.spend), spendSq: Number(r.spend_sq), revenue: Number(r.revenue) };
    return out;
  };
  const total = toPeriods(await selectClvSeries(db, workspaceId, base));
  if (!q.groupBy) return { baseCurrency, total };
  const { known, relation } = await getCustomerGroupRelation(db, workspaceId, q.groupBy);
  const rows = await selectClvSeries(db, workspaceId, { ...base, groups: relation });
  const byGroup = new Map<string | null, ClvPeriodRow[]>();
  for (const r of rows) byGroup.set(r.grp, [...(byGroup.get(r.grp) ?? []), r]);
  return { baseCurrency, total, known, groups: new Map([...byGroup].map(([k, v]) => [k, toPeriods(v)])) };
}

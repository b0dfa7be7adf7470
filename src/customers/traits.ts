import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { customerSettings } from './customers.tables.js';

/** Lifecycle thresholds when a workspace has not set its own (see docs/formulas.md). */
export const DEFAULT_CUSTOMER_SETTINGS = { newWithinDays: 30, atRiskAfterDays: 90, churnedAfterDays: 180, currencyRates: {} as Record<string, number>, grossMargin: 1 };

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

// The SQL lives in traits.queries.ts; re-exported so callers keep one import for traits.
export { days, latestScore, lifecycleSql, NOT_ACTIVITY, recomputeTraits, refreshLifecycleStages, type SurveyMetric } from './traits.queries.js';

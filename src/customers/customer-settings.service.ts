import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { findCustomerSettings, saveCustomerSettings } from './customers.queries.js';
import type { TCustomerSettingsPatch } from './customers.schemas.js';
import { recomputeWorkspaceTraitsJob } from './customers.jobs.js';
import { DEFAULT_CUSTOMER_SETTINGS, forgetTraitContext } from './traits.js';

/** Lifecycle thresholds, currency rates and CLV gross margin of the workspace (defaults until someone changes them). */
export async function getCustomerSettings(db: Db, workspaceId: string) {
  const s = await findCustomerSettings(db, workspaceId);
  const { baseCurrency } = await getWorkspace(db, workspaceId);
  const v = s ?? { ...DEFAULT_CUSTOMER_SETTINGS, updatedAt: null };
  return {
    newWithinDays: v.newWithinDays,
    atRiskAfterDays: v.atRiskAfterDays,
    churnedAfterDays: v.churnedAfterDays,
    currencyRates: v.currencyRates,
    grossMargin: v.grossMargin,
    baseCurrency,
    updatedAt: v.updatedAt,
  };
}

/**
 * Changes thresholds, rates or the CLV gross margin (admin, audited). A customer must be at risk before churning, so
 * atRiskAfterDays < churnedAfterDays. Stored traits are recomputed by a background job afterwards.
 */
export async function updateCustomerSettings(ctx: AppContext, actor: Actor, patch: TCustomerSettingsPatch) {
  const ws = actor.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const current = await getCustomerSettings(tx, ws);
    const next = {
      newWithinDays: patch.newWithinDays ?? current.newWithinDays,
      atRiskAfterDays: patch.atRiskAfterDays ?? current.atRiskAfterDays,
      churnedAfterDays: patch.churnedAfterDays ?? current.churnedAfterDays,
      currencyRates: patch.currencyRates ?? current.currencyRates,
      grossMargin: patch.grossMargin ?? current.grossMargin,
    };
    if (next.atRiskAfterDays >= next.churnedAfterDays) {
      throw new AppError('validation_failed', 'atRiskAfterDays must be smaller than churnedAfterDays.', {
        errors: [{ path: 'body.atRiskAfterDays', message: `must be smaller than churnedAfterDays (${next.churnedAfterDays})` }],
      });
    }
    if (next.currencyRates[current.baseCurrency] !== undefined && next.currencyRates[current.baseCurrency] !== 1) {
      throw new AppError('validation_failed', `The rate of the base currency ${current.baseCurrency} is 1 by definition.`, {
        errors: [{ path: `body.currencyRates.${current.baseCurrency}`, message: 'must be 1 or left out' }],
      });
    }
    await saveCustomerSettings(tx, ws, next);
    await recordAudit(tx, actor, { action: 'customer_settings.updated', targetType: 'workspace', targetId: ws, details: patch });
  });
  // The margin is read per request by CLV; traits do not depend on it.
  if (Object.keys(patch).every((k) => k === 'grossMargin')) return getCustomerSettings(ctx.db, ws);
  forgetTraitContext(ws);
  // Other processes cache the old settings for up to 5 s: start after that.
  await ctx.jobs.send(recomputeWorkspaceTraitsJob, { workspaceId: ws }, { singletonKey: `traits:${ws}`, startAfter: new Date(Date.now() + 10_000) });
  return getCustomerSettings(ctx.db, ws);
}

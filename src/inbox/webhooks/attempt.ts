import type { AppContext } from '../../platform/context.js';
import { isSuccess, postDelivery } from './deliver.js';
import { findDelivery, findEndpoint, recordAttempt, type DeliveryRow } from './webhooks.queries.js';
import { deliverWebhookJob } from './webhooks.jobs.js';

const MAX_DELAY_SECONDS = 12 * 3600;

/**
 * Seconds before attempt n+1 after n failed ones: base × 5^(n−1), capped at 12 h. With the default
 * base of 10 s and 8 attempts: 10 s, 50 s, 4 min, 21 min, 1.7 h, 8.7 h, 12 h — about a day in all,
 * long enough to outlast a receiver's deploy or outage, short enough that stale events stop.
 */
export const retryDelaySeconds = (failed: number, base: number): number => Math.min(base * 5 ** (failed - 1), MAX_DELAY_SECONDS);

/**
 * Sends a pending delivery once and records the attempt. Delivered on a 2xx; otherwise retried
 * later until WEBHOOK_MAX_ATTEMPTS, then failed. Test sends are tried once. No transaction is held
 * while the receiver is called (up to 10 s): that would hold a connection (on PGlite, the only one).
 */
export async function attemptDelivery(ctx: AppContext, ws: string, id: string): Promise<DeliveryRow | undefined> {
  const delivery = await findDelivery(ctx.db, ws, id);
  if (!delivery || delivery.status !== 'pending') return delivery;
  const endpoint = await findEndpoint(ctx.db, ws, delivery.endpointId);
  const isTest = delivery.eventType === 'webhook.test';
  if (!endpoint || (!endpoint.isEnabled && !isTest)) {
    const attempt = { at: new Date().toISOString(), statusCode: null, ms: 0, error: 'the endpoint was disabled or deleted', response: null };
    await recordAttempt(ctx.db, ws, id, attempt, { status: 'failed', nextAttemptAt: null });
    return findDelivery(ctx.db, ws, id);
  }
  const body = JSON.stringify(delivery.payload);
  const attempt = await postDelivery(endpoint.url, endpoint.secret, delivery.id, body, ctx.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  const failed = delivery.attemptCount + 1;
  if (isSuccess(attempt)) {
    await recordAttempt(ctx.db, ws, id, attempt, { status: 'delivered', nextAttemptAt: null });
  } else if (isTest || failed >= ctx.config.WEBHOOK_MAX_ATTEMPTS) {
    await recordAttempt(ctx.db, ws, id, attempt, { status: 'failed', nextAttemptAt: null });
  } else {
    const next = new Date(Date.now() + retryDelaySeconds(failed, ctx.config.WEBHOOK_RETRY_BASE_SECONDS) * 1000);
    await recordAttempt(ctx.db, ws, id, attempt, { status: 'pending', nextAttemptAt: next });
    await ctx.jobs.send(deliverWebhookJob, { workspaceId: ws, deliveryId: id }, { startAfter: next });
  }
  return findDelivery(ctx.db, ws, id);
}

import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { idCursor, pageOf } from '../../platform/http/cursor.js';
import { attemptDelivery } from './attempt.js';
import { forgetEndpoints, webhookBody } from './webhook-events.js';
import { newWebhookSecret } from './signing.js';
import { checkTarget } from './target.js';
import { deleteEndpointRow, findDeliveries, findDelivery, findEndpoint, findEndpoints, insertDeliveries, insertEndpoint, resetDelivery, updateEndpointRow, type DeliveryRow, type EndpointRow } from './webhooks.queries.js';
import type { TDelivery, TNewWebhook, TWebhook, TWebhookPatch } from './webhooks.schemas.js';
import { WEBHOOK_EVENTS } from './webhooks.tables.js';
import { deliverWebhookJob } from './webhooks.jobs.js';
import { findInboxIds } from '../inbox.queries.js';

const present = (r: EndpointRow): TWebhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events.filter((e): e is TWebhook['events'][number] => (WEBHOOK_EVENTS as readonly string[]).includes(e)),
  isEnabled: r.isEnabled,
  messageDirection: r.messageDirection,
  inboxIds: r.inboxIds,
  secretHint: `${r.secret.slice(0, 10)}…`,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const presentDelivery = (r: DeliveryRow): TDelivery => ({
  id: r.id,
  endpointId: r.endpointId,
  eventType: r.eventType,
  status: r.status,
  attemptCount: r.attemptCount,
  lastStatusCode: r.lastStatusCode,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  deliveredAt: r.deliveredAt,
  createdAt: r.createdAt,
  payload: r.payload,
});

/** The SSRF rule as a 422 on the url field. */
async function requirePublicTarget(ctx: AppContext, url: string): Promise<void> {
  const problem = await checkTarget(url, ctx.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  if (problem) throw new AppError('validation_failed', `The webhook URL ${problem.message}.`, { errors: [{ path: 'body.url', message: problem.message }] });
}

async function requireEndpoint(db: Db, ws: string, id: string, opts: { lock?: boolean } = {}): Promise<EndpointRow> {
  const row = await findEndpoint(db, ws, id, opts);
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listWebhooks(db: Db, ws: string) {
  return { data: (await findEndpoints(db, ws)).map(present), events: [...WEBHOOK_EVENTS] };
}

export async function getWebhook(db: Db, ws: string, id: string): Promise<TWebhook> {
  return present(await requireEndpoint(db, ws, id));
}

/** An endpoint may only filter on inboxes of its own workspace: another's (or an unknown) id is a 422 on the field. */
async function requireOwnInboxes(db: Db, ws: string, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const known = new Set(await findInboxIds(db, ws, ids));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new AppError('validation_failed', 'An inbox of the filter was not found.', { errors: [{ path: 'body.inboxIds', message: `unknown inbox ${missing[0]}` }] });
}

/** A new endpoint with a fresh signing secret, answered this once. The URL must be public (SSRF). Audited. */
export async function createWebhook(ctx: AppContext, actor: Actor, input: TNewWebhook): Promise<TWebhook & { secret: string }> {
  await requirePublicTarget(ctx, input.url);
  await requireOwnInboxes(ctx.db, actor.workspaceId, input.inboxIds);
  const secret = newWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const r = await insertEndpoint(tx, { workspaceId: actor.workspaceId, id: newId(), url: input.url, description: input.description, events: input.events, isEnabled: input.isEnabled, messageDirection: input.messageDirection, inboxIds: input.inboxIds, secret, createdBy: actor.label });
    await ctx.audit(tx, actor, { action: 'webhook.created', targetType: 'webhook', targetId: r.id, details: { url: r.url, events: r.events, messageDirection: r.messageDirection, inboxIds: r.inboxIds } });
    return r;
  });
  forgetEndpoints(actor.workspaceId);
  return { ...present(row), secret };
}

/** Changes the URL (checked like a new one), description, events, filters or enabled state. Audited. */
export async function updateWebhook(ctx: AppContext, actor: Actor, id: string, patch: TWebhookPatch): Promise<TWebhook> {
  if (patch.url !== undefined) await requirePublicTarget(ctx, patch.url);
  await requireOwnInboxes(ctx.db, actor.workspaceId, patch.inboxIds);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await requireEndpoint(tx, actor.workspaceId, id, { lock: true });
    const r = await updateEndpointRow(tx, actor.workspaceId, id, patch);
    await ctx.audit(tx, actor, { action: 'webhook.updated', targetType: 'webhook', targetId: id, details: { ...patch, ...(patch.url ? { previousUrl: before.url } : {}) } });
    return r;
  });
  forgetEndpoints(actor.workspaceId);
  return present(row);
}

/** Deletes an endpoint and its delivery log; queued attempts find it gone and stop. Audited. */
export async function deleteWebhook(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const r = await requireEndpoint(tx, actor.workspaceId, id, { lock: true });
    await deleteEndpointRow(tx, actor.workspaceId, id);
    await ctx.audit(tx, actor, { action: 'webhook.deleted', targetType: 'webhook', targetId: id, details: { url: r.url } });
  });
  forgetEndpoints(actor.workspaceId);
}

/** A new signing secret, answered once; the old one stops signing at once. Audited. */
export async function rotateWebhookSecret(ctx: AppContext, actor: Actor, id: string): Promise<TWebhook & { secret: string }> {
  const secret = newWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    await requireEndpoint(tx, actor.workspaceId, id, { lock: true });
    const r = await updateEndpointRow(tx, actor.workspaceId, id, { secret });
    await ctx.audit(tx, actor, { action: 'webhook.secret_rotated', targetType: 'webhook', targetId: id });
    return r;
  });
  forgetEndpoints(actor.workspaceId);
  return { ...present(row), secret };
}

/**
 * Sends a `webhook.test` event now, signed like any other, and answers with the attempt (status code,
 * time, the start of the answer), so whoever sets up a receiver sees at once whether it works. Tried
 * once, also to a disabled endpoint; recorded in the delivery log.
 */
export async function testWebhook(ctx: AppContext, actor: Actor, id: string): Promise<TDelivery> {
  const ws = actor.workspaceId;
  const endpoint = await requireEndpoint(ctx.db, ws, id);
  const deliveryId = newId();
  const payload = JSON.parse(JSON.stringify(webhookBody('webhook.test', { webhookId: endpoint.id, workspaceId: ws, sentBy: actor.label }))) as Record<string, unknown>;
  await ctx.db.transaction(async (tx) => {
    await insertDeliveries(tx, [{ workspaceId: ws, id: deliveryId, endpointId: id, eventType: 'webhook.test', eventKey: `webhook.test:${deliveryId}`, payload }]);
    await ctx.audit(tx, actor, { action: 'webhook.tested', targetType: 'webhook', targetId: id, details: { deliveryId } });
  });
  return presentDelivery((await attemptDelivery(ctx, ws, deliveryId))!);
}

export async function listDeliveries(db: Db, ws: string, endpointId: string, q: { cursor?: string; limit: number; status?: DeliveryRow['status'] }) {
  await requireEndpoint(db, ws, endpointId);
  const kind = `webhook-deliveries:${endpointId}`;
  const rows = await findDeliveries(db, ws, endpointId, { status: q.status }, q.limit + 1, idCursor.decode(kind, q.cursor));
  const page = pageOf(rows, q.limit, (last) => idCursor.encode(kind, last.id));
  return { data: page.data.map(presentDelivery), nextCursor: page.nextCursor };
}

/** Sends a failed delivery again (same id and payload, so receivers still drop a duplicate). Audited. */
export async function redeliver(ctx: AppContext, actor: Actor, endpointId: string, deliveryId: string): Promise<TDelivery> {
  const ws = actor.workspaceId;
  await requireEndpoint(ctx.db, ws, endpointId);
  const d = await findDelivery(ctx.db, ws, deliveryId);
  if (!d || d.endpointId !== endpointId) throw notFound('Delivery');
  if (d.status !== 'failed') throw new AppError('conflict', 'Only a failed delivery can be sent again.');
  await ctx.db.transaction(async (tx) => {
    await resetDelivery(tx, ws, deliveryId);
    await ctx.audit(tx, actor, { action: 'webhook.redelivered', targetType: 'webhook', targetId: endpointId, details: { deliveryId } });
  });
  await ctx.jobs.send(deliverWebhookJob, { workspaceId: ws, deliveryId });
  return presentDelivery((await findDelivery(ctx.db, ws, deliveryId))!);
}

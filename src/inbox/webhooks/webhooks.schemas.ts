import { z } from 'zod';
import { ZCursorParam } from '../../platform/http/cursor.js';
import { DELIVERY_STATUSES, MESSAGE_DIRECTIONS, WEBHOOK_EVENTS } from './webhooks.tables.js';

export const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

const ZEvents = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).transform((e) => [...new Set(e)]);
/** `message.created` only for messages of this direction; null: both. */
const ZMessageDirection = z.enum(MESSAGE_DIRECTIONS).nullable();
/** Only events of conversations in these inboxes; empty: every inbox. */
const ZInboxIds = z.array(z.uuid()).max(100).transform((ids) => [...new Set(ids)]);

export const ZNewWebhook = z.object({
  url: ZWebhookUrl,
  description: z.string().trim().max(200).default(''),
  /** The events to send; all of them when left out. */
  events: ZEvents.default([...WEBHOOK_EVENTS]),
  isEnabled: z.boolean().default(true),
  messageDirection: ZMessageDirection.default(null),
  inboxIds: ZInboxIds.default([]),
});
export type TNewWebhook = z.output<typeof ZNewWebhook>;

export const ZWebhookPatch = z
  .object({ url: ZWebhookUrl, description: z.string().trim().max(200), events: ZEvents, isEnabled: z.boolean(), messageDirection: ZMessageDirection, inboxIds: ZInboxIds })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type TWebhookPatch = z.output<typeof ZWebhookPatch>;

export const ZWebhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  isEnabled: z.boolean(),
  messageDirection: z.enum(MESSAGE_DIRECTIONS).nullable(),
  inboxIds: z.array(z.uuid()),
  /** The secret's first characters, to tell endpoints apart; the whole secret is shown only when made. */
  secretHint: z.string(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TWebhook = z.infer<typeof ZWebhook>;
export const ZWebhookList = z.object({ data: z.array(ZWebhook), events: z.array(z.enum(WEBHOOK_EVENTS)) });
/** Answered once, when the endpoint (or a new secret) is made: keep the secret, it is never shown again. */
export const ZWebhookWithSecret = ZWebhook.extend({ secret: z.string() });

export const ZWebhookIdParams = z.object({ id: z.uuid() });
export const ZDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const ZDeliveryQuery = z.object({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum(DELIVERY_STATUSES).optional(),
});

const ZAttempt = z.object({ at: z.string(), statusCode: z.number().int().nullable(), ms: z.number(), error: z.string().nullable(), response: z.string().nullable() });

export const ZDelivery = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attemptCount: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  attempts: z.array(ZAttempt),
  nextAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
  payload: z.record(z.string(), z.unknown()),
});
export type TDelivery = z.infer<typeof ZDelivery>;
export const ZDeliveryList = z.object({ data: z.array(ZDelivery), nextCursor: z.string().nullable() });

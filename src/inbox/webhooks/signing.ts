import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../platform/ids.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of
 * 24 random bytes, the key is those bytes, and the signature is base64(HMAC-SHA256(key,
 * `${id}.${timestamp}.${body}`)) sent as `webhook-signature: v1,<signature>`. The id and the
 * timestamp are signed with the body, so a captured delivery cannot be replayed later (receivers
 * refuse old timestamps) or passed off as another event. Receivers can verify with the Standard
 * Webhooks libraries of any language, or with the few lines in docs/webhooks.md.
 */
export const SECRET_PREFIX = 'whsec_';

export const newWebhookSecret = (): string => SECRET_PREFIX + randomBytes(24).toString('base64');

const keyOf = (secret: string): Buffer => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  return 'v1,' + createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The headers of one delivery attempt (the timestamp is the attempt's, so retries stay fresh). */
export function signedHeaders(secret: string, id: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload(secret, id, timestamp, body),
  };
}

/**
 * What a receiver does (kept here so the tests check the same rule the docs print): the signature
 * header may list several space-separated `v1,…` values (during a secret rotation); one must match,
 * and the timestamp must be within `toleranceSeconds` of now.
 */
export function verifySignature(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, now = new Date(), toleranceSeconds = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > toleranceSeconds) return false;
  const expected = signPayload(secret, headers.id, ts, body);
  return headers.signature.split(' ').some((s) => safeEqual(s, expected));
}

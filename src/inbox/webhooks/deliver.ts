import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DeliveryAttempt } from './webhooks.tables.js';
import { isPrivateAddress } from './target.js';
import { signedHeaders } from './signing.js';

/** A receiver that has not answered within this long counts as failed (and is retried). */
export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_KEPT_CHARS = 500;

class BlockedTarget extends Error {}

/**
 * Resolves like dns.lookup but refuses private addresses: the check happens on the address actually
 * connected to, so a host that resolved to a public address when it was saved and to 127.0.0.1 now
 * (DNS rebinding) is still refused.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad || addresses.length === 0) return callback(new BlockedTarget(`${hostname} resolves to a private address`), '', 4);
    if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * POSTs one signed delivery and reports the attempt; never throws. Redirects are not followed (a
 * 3xx is a failure), so a receiver cannot bounce the request to an address the check would refuse.
 */
export function postDelivery(url: string, secret: string, id: string, body: string, allowPrivate: boolean): Promise<DeliveryAttempt> {
  const started = Date.now();
  const at = new Date(started).toISOString();
  const done = (statusCode: number | null, error: string | null, response: string | null): DeliveryAttempt => ({ at, statusCode, ms: Date.now() - started, error, response });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
      if (!allowPrivate && isPrivateLiteral(target.hostname)) return resolve(done(null, 'the target is a private address', null));
    } catch {
      return resolve(done(null, 'the URL is not valid', null));
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...signedHeaders(secret, id, body), 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Kunde-Webhooks/1' },
        timeout: DELIVERY_TIMEOUT_MS,
        ...(allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < RESPONSE_KEPT_CHARS) text += chunk;
        });
        res.on('end', () => resolve(done(res.statusCode ?? null, null, text.slice(0, RESPONSE_KEPT_CHARS) || null)));
        res.on('error', (err) => resolve(done(res.statusCode ?? null, err.message, null)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => resolve(done(null, err instanceof BlockedTarget ? err.message : err.message || 'connection failed', null)));
    req.end(body);
  });
}

/** An IP literal in the URL skips DNS, so the guarded lookup never sees it: check it here. */
function isPrivateLiteral(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return /^[\d.]+$/.test(host) || host.includes(':') ? isPrivateAddress(host) : false;
}

export const isSuccess = (a: DeliveryAttempt): boolean => a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;

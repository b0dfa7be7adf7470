import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach (SSRF): loopback, private networks, link-local (cloud metadata
 * at 169.254.169.254), carrier-grade NAT, unique-local and multicast, and the unspecified address.
 * Without this an admin of one workspace could make the server probe its own network.
 */
const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address in disguise.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? blocked.check(mapped[1], 'ipv4') : blocked.check(address, 'ipv6');
}

export type TargetProblem = { reason: 'scheme' | 'private' | 'unresolvable'; message: string };

/**
 * Checks a webhook URL before it is saved: http(s) only, and every address its host resolves to
 * public unless private targets are allowed. Delivery checks again at connect time (see
 * deliver.ts), so a name that later resolves to 127.0.0.1 (DNS rebinding) is still refused.
 */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<TargetProblem | null> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { reason: 'scheme', message: 'must be an http:// or https:// URL' };
  if (u.username || u.password) return { reason: 'scheme', message: 'must not contain a user name or password' };
  if (allowPrivate) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return { reason: 'unresolvable', message: `the host ${host} could not be resolved` };
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    return { reason: 'private', message: 'points to a private, loopback or link-local address; Kunde only calls public addresses (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows others)' };
  }
  return null;
}

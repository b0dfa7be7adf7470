import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** A count inside a fixed window that opened with the first hit. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window closes and the count starts again from zero (0 when there is no count). */
  resetInMs: number;
}

/**
 * Fixed-window counters for the throttles that are not per-route rate limits (failed authentications
 * per address, failed sign-ins per account). In-process by default; with REDIS_URL in Redis, so that
 * several API processes count together.
 */
export interface CounterStore {
  /** Adds one to `key` in its current window (opening one of `windowMs` if none) and returns the new count. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The current count without adding to it. */
  peek(key: string): Promise<WindowCount>;
  reset(key: string): Promise<void>;
}

const NONE: WindowCount = { count: 0, resetInMs: 0 };

/**
 * One process's counters. Bounded, so a flood from many addresses cannot grow memory without limit:
 * past the bound the least recently touched counts are forgotten (an attacker with that many addresses
 * is not stopped by a per-address limit anyway).
 */
export function memoryCounterStore(maxKeys = 100_000): CounterStore {
  const windows = new LRUCache<string, { count: number; resetAt: number }>({ max: maxKeys });
  const live = (key: string) => {
    const w = windows.get(key);
    if (w && w.resetAt <= Date.now()) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      const w = live(key) ?? { count: 0, resetAt: now + windowMs };
      w.count += 1;
      windows.set(key, w);
      return { count: w.count, resetInMs: w.resetAt - now };
    },
    async peek(key) {
      const w = live(key);
      return w ? { count: w.count, resetInMs: w.resetAt - Date.now() } : NONE;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

// INCR and the expiry of a new window in one step, so a crash between them cannot leave a count that never expires.
const HIT_SCRIPT = `
local c = redis.call('INCR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

/** Counters shared by every process using the same Redis; keys carry `prefix` so installs can share one Redis. */
export function redisCounterStore(redis: Redis, prefix: string): CounterStore {
  return {
    async hit(key, windowMs) {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, String(windowMs))) as [number, number];
      return { count, resetInMs: ttl };
    },
    async peek(key) {
      const [count, ttl] = await redis.multi().get(prefix + key).pttl(prefix + key).exec().then((r) => (r ?? []).map(([, v]) => v));
      const n = Number(count ?? 0);
      return n > 0 && Number(ttl) > 0 ? { count: n, resetInMs: Number(ttl) } : NONE;
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}

/** Opens the Redis connection rate limits use; fails fast at start-up rather than on the first request. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  await redis.connect();
  return redis;
}

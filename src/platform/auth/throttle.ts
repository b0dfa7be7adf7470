import { tooManyRequests } from '../errors.js';
import type { CounterStore } from '../http/counters.js';

/**
 * Counts failures of one kind per key (an address, an account) and refuses while a key has used up its
 * budget. The check comes before the expensive or revealing work (a credential lookup, a password
 * hash), so a refused attempt costs one counter read.
 */
export class FailureThrottle {
  constructor(
    private readonly counters: CounterStore,
    private readonly opts: { name: string; max: number; windowMs: number; message: (retryInSeconds: number) => string },
  ) {}

  /** Throws a 429 (with Retry-After) while `key` has `max` failures in the current window. */
  async assertOpen(key: string): Promise<void> {
    const seen = await this.counters.peek(this.keyOf(key));
    if (seen.count >= this.opts.max) {
      throw tooManyRequests(this.opts.message(Math.max(1, Math.ceil(seen.resetInMs / 1000))), seen.resetInMs);
    }
  }

  async fail(key: string): Promise<void> {
    await this.counters.hit(this.keyOf(key), this.opts.windowMs);
  }

  async clear(key: string): Promise<void> {
    await this.counters.reset(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.opts.name}:${key}`;
  }
}

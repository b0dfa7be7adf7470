/**
 * Messages per sender address (IP) per minute for the SMTP receiver: a sliding window of accepted MAIL
 * commands. Over the limit the receiver answers 450 4.7.1 — a temporary refusal, so a legitimate server
 * queues and retries later while a flood from one host cannot fill the inbox or starve the database.
 */
export class SmtpRateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Counts one message from `ip`; false when that would exceed the limit (nothing is counted then). */
  take(ip: string): boolean {
    const t = this.now();
    const recent = (this.seen.get(ip) ?? []).filter((x) => x > t - 60_000);
    if (recent.length >= this.perMinute) {
      this.seen.set(ip, recent);
      return false;
    }
    recent.push(t);
    this.seen.set(ip, recent);
    // Forget quiet hosts now and then so the map does not grow with every address ever seen.
    if (this.seen.size > 10_000) for (const [k, v] of this.seen) if (!v.some((x) => x > t - 60_000)) this.seen.delete(k);
    return true;
  }
}

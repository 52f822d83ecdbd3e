/**
 * A token bucket per key: `capacity` actions at once, refilled evenly over `windowMs`. Allows a burst (a widget
 * flushing its offline queue) while holding the sustained rate. Buckets that are full again are forgotten by `sweep`,
 * and at most `maxKeys` are tracked so a flood of keys cannot grow memory without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token: 0 when allowed, otherwise the milliseconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const perMs = this.capacity / this.windowMs;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.capacity, bucket.tokens + (now - bucket.at) * perMs) : this.capacity;
    if (tokens >= 1) {
      if (!bucket && this.buckets.size >= this.maxKeys) this.sweep();
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.ceil((1 - tokens) / perMs);
  }

  sweep(): void {
    const now = this.now();
    const perMs = this.capacity / this.windowMs;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * perMs >= this.capacity) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}

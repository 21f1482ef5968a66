/**
 * In-memory token buckets, one per key (a visitor id). Each bucket holds up to
 * `capacity` tokens and refills continuously at `capacity / windowMs`; a
 * message takes one token. Enough to stop one visitor flooding the hub; the
 * limit is per process, which is fine for that purpose.
 */
export interface RateLimitOptions {
  capacity: number;
  windowMs: number;
  now: () => number;
  /** Buckets kept before full (idle) ones are swept; bounds memory. */
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly options: RateLimitOptions) {
    this.perMs = options.capacity / options.windowMs;
  }

  take(key: string): RateDecision {
    const now = this.options.now();
    const bucket = this.refill(this.buckets.get(key) ?? { tokens: this.options.capacity, at: now }, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      this.sweep(now);
      return { ok: true };
    }
    this.buckets.set(key, bucket);
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
  }

  private refill(bucket: Bucket, now: number): Bucket {
    const elapsed = Math.max(0, now - bucket.at);
    return { tokens: Math.min(this.options.capacity, bucket.tokens + elapsed * this.perMs), at: now };
  }

  private sweep(now: number): void {
    if (this.buckets.size <= (this.options.maxKeys ?? 10_000)) return;
    for (const [key, bucket] of this.buckets) {
      if (this.refill(bucket, now).tokens >= this.options.capacity) this.buckets.delete(key);
    }
  }
}

export interface RateLimitOptions {
  capacity: number;
  windowMs: number;
  now: () => number;
  /** Buckets kept before full (idle) ones are swept; bounds memory. */
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * In-memory token buckets, one per key (a visitor id). Each bucket holds up to
 * `capacity` tokens and refills continuously at `capacity / windowMs`; a
 * message takes one token. Enough to stop one visitor flooding the hub; the
 * limit is per process, which is fine for that purpose.
 */
export interface RateLimiter {
  /** Takes a token from `key`'s bucket, or says how long until one is available. */
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = options.capacity / options.windowMs;

  function refill(bucket: Bucket, now: number): Bucket {
    const elapsed = Math.max(0, now - bucket.at);
    return { tokens: Math.min(options.capacity, bucket.tokens + elapsed * perMs), at: now };
  }

  function sweep(now: number): void {
    if (buckets.size <= (options.maxKeys ?? 10_000)) return;
    for (const [key, bucket] of buckets) {
      if (refill(bucket, now).tokens >= options.capacity) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const now = options.now();
      const bucket = refill(buckets.get(key) ?? { tokens: options.capacity, at: now }, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        buckets.set(key, bucket);
        sweep(now);
        return { ok: true };
      }
      buckets.set(key, bucket);
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
}

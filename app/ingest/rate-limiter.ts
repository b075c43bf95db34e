/**
 * Token buckets keyed by string (per shop, per client). In-memory and per process: with
 * several web processes each enforces its own share, which bounds abuse without a round
 * trip to Redis on the hot path. Buckets idle past their refill time are swept.
 */
export interface RateLimit {
  /** tokens added per second */
  ratePerSec: number;
  /** bucket size (largest burst) */
  burst: number;
}

export interface RateLimiter {
  /** Takes `cost` tokens if available. Returns 0 when allowed, else seconds until it would be. */
  take(key: string, cost: number, now?: number): number;
  size(): number;
  /** The configured rate and burst (a batch above the burst can never pass: 413, not 429). */
  readonly limit: RateLimit;
}

export function createRateLimiter(limit: RateLimit, maxKeys = 200_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = 0;

  function sweep(now: number) {
    const fullAfterMs = (limit.burst / limit.ratePerSec) * 1000;
    for (const [k, b] of buckets) if (now - b.at > fullAfterMs) buckets.delete(k);
    lastSweep = now;
  }

  return {
    take(key, cost, now = Date.now()) {
      if (buckets.size > maxKeys || now - lastSweep > 60_000) sweep(now);
      let b = buckets.get(key);
      if (!b) {
        b = { tokens: limit.burst, at: now };
        buckets.set(key, b);
      } else {
        b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.ratePerSec);
        b.at = now;
      }
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return 0;
      }
      return (cost - b.tokens) / limit.ratePerSec;
    },
    size: () => buckets.size,
    limit,
  };
}

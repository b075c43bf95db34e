/**
 * Log-bucketed time histograms: mergeable across days and segments, so medians come from
 * roll-ups. Bucket 0 holds [0, 1 s); bucket b >= 1 holds [1.1^(b-1), 1.1^b) seconds, so a
 * median read back is within about ±5% of the true one. Means are exact (sum / count).
 * Pure.
 */
const RATIO = 1.1;
const LN_RATIO = Math.log(RATIO);

export function timeBucket(ms: number): number {
  const s = ms / 1000;
  if (!(s >= 1)) return 0;
  return 1 + Math.floor(Math.log(s) / LN_RATIO + 1e-9);
}

/** Representative value of a bucket (its geometric middle), in ms. */
export function bucketValueMs(bucket: number): number {
  if (bucket <= 0) return 500;
  return Math.round(1000 * RATIO ** (bucket - 0.5));
}

export interface TimeStats {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
}

/** Median (the lower middle element's bucket) and exact mean. */
export function statsFromBuckets(buckets: ReadonlyArray<{ bucket: number; count: number; sumMs: number }>): TimeStats {
  let count = 0;
  let sum = 0;
  for (const b of buckets) {
    count += b.count;
    sum += b.sumMs;
  }
  if (count === 0) return { count: 0, meanMs: null, medianMs: null };
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const target = Math.ceil(count / 2);
  let seen = 0;
  let median = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= target) {
      median = bucketValueMs(b.bucket);
      break;
    }
  }
  return { count, meanMs: Math.round(sum / count), medianMs: median };
}

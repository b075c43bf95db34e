/**
 * What a model version recorded about its training in its metrics JSON (app/jobs/train-job.ts
 * writes them): where its training data ended, read by serving (fresh sessions after it join
 * the pool) and by the retrain policy (events after it count as new). Older versions lack
 * these fields; each reader says what stands in for them.
 */

/** The finite number a version's metrics hold under `key`, or null (absent, not a number, unreadable). */
function recordedNumber(metrics: string, key: 'trainedThrough' | 'eventsThrough'): number | null {
  try {
    const value = (JSON.parse(metrics) as Record<string, unknown>)[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/** The training cut-off recorded with a model version (its metrics' trainedThrough, epoch ms), else its creation time. */
export function trainedThroughOf(version: { metrics: string; createdAt: Date }): number {
  const t = recordedNumber(version.metrics, 'trainedThrough');
  return t !== null && t > 0 ? t : version.createdAt.getTime();
}

/** The last event id sessionized when a version's training read its data (its metrics' eventsThrough), or null for older versions. */
export function eventsThroughOf(metrics: string): number | null {
  const n = recordedNumber(metrics, 'eventsThrough');
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

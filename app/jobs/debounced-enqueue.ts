/**
 * Ingestion asks for a sessionize job after every accepted batch. Asking the queue each time
 * costs Redis round trips (BullMQ's job lookup and state check) on the hottest path, while
 * the answer is nearly always "already queued". This wrapper remembers, per (type, shop),
 * until when a job that this process queued with a delay has certainly not started yet: any
 * work accepted before then is picked up by that job, so the call can be skipped. Concurrent
 * calls for the same key share one queue request.
 */
import type { EnqueueResult, JobQueue } from './queue';
import type { JobType } from './handlers';
import type { Logger } from '../logger';

/** Slack for timers firing early and clocks: the skip window ends this much before the job's due time. */
const SAFETY_MS = 250;

export type DebouncedEnqueue = (type: JobType, shopId: number, delayMs: number) => Promise<EnqueueResult | null>;

export function createDebouncedEnqueue(jobs: Pick<JobQueue, 'enqueue'>, now: () => number = Date.now): DebouncedEnqueue {
  const coveredUntil = new Map<string, number>();
  const inFlight = new Map<string, Promise<EnqueueResult>>();
  return (type, shopId, delayMs) => {
    const key = `${type}:${shopId}`;
    const asked = now();
    if ((coveredUntil.get(key) ?? 0) > asked) return Promise.resolve(null);
    const pending = inFlight.get(key);
    if (pending) return pending;
    const request = jobs
      .enqueue(type, shopId, { delayMs })
      .then((result) => {
        // Queued now with a delay: it starts no earlier than `asked + delayMs`.
        if (result.queued && delayMs > SAFETY_MS) coveredUntil.set(key, asked + delayMs - SAFETY_MS);
        return result;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, request);
    return request;
  };
}

/**
 * What ingestion calls after accepting events for a shop: a sessionize job `delayMs` later
 * (batching many ingests into one job). The queue ignores a second sessionize job for a
 * shop while one waits, a natural debounce; the debounced enqueue also skips the queue
 * round trip while that is certain. A failure to schedule is logged, never thrown.
 */
export function createSessionizeScheduler(
  jobs: Pick<JobQueue, 'enqueue'>,
  logger: Pick<Logger, 'error'>,
  delayMs = 5_000,
): (shopId: number) => void {
  const enqueue = createDebouncedEnqueue(jobs);
  return (shopId) => {
    void enqueue('sessionize', shopId, delayMs).catch((err) => logger.error({ err, shopId }, 'could not schedule sessionization'));
  };
}
